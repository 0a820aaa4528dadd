from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from certificates import receivers  # noqa: F401  (connects the signal receivers)
        from certificates.models import Certificate, RefresherReminder
        from certificates.my_training import current_certificates
        from elearning.freshness import register_learner_records
        from modules.hooks import register_module_card_addition

        # A learner's own writes to these make only their own cached pages stale.
        register_learner_records(Certificate, RefresherReminder)
        # /my-training/ shows each module's current certificate beside it.
        register_module_card_addition(current_certificates)
