from django.urls import path

from certificates import views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/verify/", views.verify, name="certificate_verify"),
    path("certificates/verify/<str:code>/", views.verify_result, name="certificate_verify_result"),
    path("certificates/<str:code>/pdf/", views.download, name="certificate_download"),
]
