from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = _("Referral pathway")

    def ready(self):
        from wagtail.signals import published

        from pathways.models import ReferralPathway
        from pathways.signals import record_pathway_change

        published.connect(
            record_pathway_change,
            sender=ReferralPathway,
            dispatch_uid="pathways-record-pathway-change",
        )
