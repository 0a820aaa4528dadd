from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Shared content")

    def ready(self):
        from wagtail.signals import published

        from content.models import ReferralPathway
        from content.signals import record_pathway_change

        published.connect(
            record_pathway_change,
            sender=ReferralPathway,
            dispatch_uid="content-record-pathway-change",
        )
