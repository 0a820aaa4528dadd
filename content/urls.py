from django.urls import path

from content import views

urlpatterns = [
    path("referral-pathway/", views.referral_pathway, name="referral_pathway"),
]
