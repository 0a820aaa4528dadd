from django.urls import path

from modules import views

urlpatterns = [
    path("my-training/", views.my_training, name="my_training"),
]
