from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Training modules")

    def ready(self):
        from elearning.freshness import register_learner_records
        from modules import page_views, receivers  # noqa: F401  (register views, connect receivers)
        from modules.models import Enrolment, LessonProgress

        # A learner's own writes to these make only their own cached pages stale.
        register_learner_records(Enrolment, LessonProgress)
