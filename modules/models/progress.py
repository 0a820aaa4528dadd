"""
Learners' progress through modules.

Definitions (module and lesson pages) live apart from per-learner records. An ``Enrolment`` is one
learner's pass through one module: cycle 1 is the first time, and each refresher adds a cycle, so
earlier cycles stay as history. A ``LessonProgress`` row says a lesson was completed within an
enrolment. A module's completion is recorded once, on its enrolment, with its date, and with the
date it stops being current (``valid_until``, from the module's validity in months; empty when the
module never expires). A refresher is due shortly before that date, or earlier when trainers ask
for one (``refresher_requested_at``, for example after a significant change to the referral
pathway); starting it opens the next cycle.

Writes go through :mod:`modules.services`; these models only describe the records.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def latest_cycles(self):
        """Order so that, per module, the newest cycle comes last."""
        return self.order_by("module_id", "cycle")


class Enrolment(models.Model):
    """One learner's pass (cycle) through one module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    # Deleting a module must not delete learners' records: the title is kept below.
    module = models.ForeignKey(
        "modules.TrainingModulePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="enrolments",
        verbose_name=_("module"),
    )
    module_title = models.CharField(_("module title when started"), max_length=255)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    valid_until = models.DateField(
        _("current until"),
        null=True,
        blank=True,
        help_text=_("The completion stops being current on this day; empty means never."),
    )
    refresher_requested_at = models.DateTimeField(_("refresher requested"), null=True, blank=True)
    refresher_reason = models.CharField(
        _("why a refresher was requested"), max_length=500, blank=True
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "cycle"], name="modules_enrolment_unique_cycle"
            ),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="modules_enrolment_cycle_gte_1"),
        ]
        indexes = [
            models.Index(fields=["module", "completed_at"]),
            models.Index(fields=["valid_until"]),
        ]
        permissions = [
            ("open_any_module", _("Can open every module, whatever its audience")),
            ("view_learner_progress", _("Can see every learner's progress")),
        ]

    def __str__(self):
        return f"{self.user} - {self.module_title} (cycle {self.cycle})"

    @property
    def is_completed(self):
        return self.completed_at is not None


class LessonProgress(models.Model):
    """A lesson completed within an enrolment."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "modules.LessonPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="modules_lessonprogress_unique_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} - lesson {self.lesson_id}"
