from django.urls import path

from modules import search, views

urlpatterns = [
    path("my-training/", views.my_training, name="my_training"),
    path("search/", search.search, name="search"),
    path(
        "my-training/refresher/<id:module_id>/", views.start_refresher, name="start_refresher"
    ),
]
