from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Training modules")

    def ready(self):
        from modules import receivers  # noqa: F401  (connects the signal receivers)
