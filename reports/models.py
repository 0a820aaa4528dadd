"""
Who may see which report: two permissions on a model without a table.

Reports read the records of the apps below; they own no data. Django permissions still need a
model to hang on, so ``ReportPermission`` is unmanaged (no table) and has no default add, change,
delete or view permissions, only the two that describe the two kinds of report:

``reports.view_learner_reports``
    Compliance, overdue and expiring completions, and completions per month: reports about named
    learners' training records. Training managers hold it.
``reports.view_answer_reports``
    Quiz item analysis and scenario decisions: how learners answer questions, for improving
    content. Trainers and training managers hold it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW_LEARNER_REPORTS = "reports.view_learner_reports"
VIEW_ANSWER_REPORTS = "reports.view_answer_reports"


class ReportPermission(models.Model):
    """Carries the report permissions; never instantiated and has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_learner_reports", _("Can see reports on learners' training records")),
            ("view_answer_reports", _("Can see how learners answer questions and scenarios")),
        ]
        verbose_name = _("report permission")
        verbose_name_plural = _("report permissions")

    def __str__(self):
        return str(self._meta.verbose_name)
