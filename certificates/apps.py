from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from certificates import receivers  # noqa: F401  (connects the signal receivers)
        from certificates.models import Certificate, RefresherReminder
        from elearning.freshness import register_learner_records

        # A learner's own writes to these make only their own cached pages stale.
        register_learner_records(Certificate, RefresherReminder)
