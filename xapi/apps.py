from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = _("xAPI statements")

    def ready(self):
        from elearning.freshness import register_untracked
        from xapi import receivers  # noqa: F401  (connects the signal receivers)
        from xapi.models import LearnerAgent, Statement

        # The outbox of statements is shown on no learner page: recording or sending one must
        # not empty the learner page cache and the content memo (elearning/freshness.py).
        register_untracked(Statement, LearnerAgent)
