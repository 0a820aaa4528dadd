"""
What ``modules`` holds about one learner, for the privacy export, erasure and the admin's
learner record (receivers in :mod:`modules.receivers`; the signals are in ``learners``).

Enrolments (one per cycle through a module) and lesson progress hold no personal data besides
the link to the account, which erasure anonymises; they stay so that completion counts hold.
A refresher's reason is free text written about the learner, so erasure clears it.
"""

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learners.record import LearnerRecordSection
from modules.models import Enrolment, LessonProgress


def _has_field(name):
    return any(f.name == name for f in Enrolment._meta.get_fields())


def enrolments_for_export(user):
    progress = LessonProgress.objects.select_related("lesson").only(
        "enrolment_id", "completed_at", "lesson__id", "lesson__title"
    )
    enrolments = (
        Enrolment.objects.filter(user=user)
        .order_by("module_title", "cycle")
        .prefetch_related(Prefetch("lesson_progress", queryset=progress.order_by("completed_at")))
    )
    optional = [
        name
        for name in ("valid_until", "refresher_requested_at", "refresher_reason")
        if _has_field(name)
    ]
    return [
        {
            "module_id": enrolment.module_id,
            "module_title": enrolment.module_title,
            "cycle": enrolment.cycle,
            "started_at": enrolment.started_at,
            "last_activity_at": enrolment.last_activity_at,
            "completed_at": enrolment.completed_at,
            **{name: getattr(enrolment, name) for name in optional},
            "lessons_completed": [
                {
                    "lesson_id": done.lesson_id,
                    "lesson_title": done.lesson.title,
                    "completed_at": done.completed_at,
                }
                for done in enrolment.lesson_progress.all()
            ],
        }
        for enrolment in enrolments
    ]


def forget_enrolment_notes(user):
    """For an erasure: clear the free text written about the learner's enrolments."""
    if not _has_field("refresher_reason"):
        return {}
    cleared = (
        Enrolment.objects.filter(user=user).exclude(refresher_reason="").update(refresher_reason="")
    )
    return {"refresher_notes_cleared": cleared}


def cycle_status(enrolment, today):
    """A short label for one cycle: completed (and whether still current) or in progress."""
    if enrolment.completed_at is None:
        return _("In progress")
    valid_until = getattr(enrolment, "valid_until", None)
    if valid_until is not None and valid_until < today:
        return _("Completed, now expired")
    if getattr(enrolment, "refresher_requested_at", None) is not None:
        return _("Completed, refresher requested")
    return _("Completed")


def enrolment_record_section(user):
    """Each module the learner started, with every cycle's status and dates (one query)."""
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .annotate(lessons_done=Count("lesson_progress"))
        .order_by("module_title", "module_id", "cycle")
    )
    modules = {}
    for enrolment in enrolments:
        enrolment.status_label = cycle_status(enrolment, today)
        modules.setdefault((enrolment.module_id, enrolment.module_title), []).append(enrolment)
    return LearnerRecordSection(
        title=_("Modules"),
        template_name="modules/admin/learner_record_enrolments.html",
        context={
            "modules": [
                {"title": title, "cycles": cycles} for (_id, title), cycles in modules.items()
            ],
            "shows_validity": _has_field("valid_until"),
        },
        order=10,
    )
