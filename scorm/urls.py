from django.urls import path

from scorm import views

urlpatterns = [
    path("scorm/token/", views.token, name="scorm_token"),
    path("scorm/launch/", views.launch, name="scorm_launch"),
    path("scorm/status/", views.status, name="scorm_status"),
]
