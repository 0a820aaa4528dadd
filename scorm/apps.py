from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scorm"
    verbose_name = _("SCORM dispatch")

    def ready(self):
        from scorm import receivers  # noqa: F401  (connects the signal receivers)
