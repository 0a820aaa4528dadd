from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from learners.listing import register_training_status_source
        from reports import receivers  # noqa: F401  (connects the signal receivers)
        from reports.learner_training import ModuleTrainingSource

        # The Learners listing shows each learner's status per module through this source.
        register_training_status_source(ModuleTrainingSource())
