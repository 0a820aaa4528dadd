from django.urls import path

from pathways import views

urlpatterns = [
    path("referral-pathway/", views.referral_pathway, name="referral_pathway"),
]
