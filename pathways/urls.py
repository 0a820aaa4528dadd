from django.urls import path

from pathways import views

urlpatterns = [
    path("referral-pathway/", views.referral_pathway, name="referral_pathway"),
    path(
        "referral-pathway/<slug:key>/print/",
        views.referral_pathway_print,
        name="referral_pathway_print",
    ),
    path(
        "referral-pathway/<slug:key>/wallet-card.pdf",
        views.referral_pathway_wallet_card,
        name="referral_pathway_wallet_card",
    ),
]
