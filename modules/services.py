"""
The one write path for learners' progress through modules.

Views and page ``serve()`` methods call these functions; nothing else writes enrolments or lesson
progress. Every function is safe to call twice (a double click, a resubmitted form, two browser
tabs): completing a lesson that is already complete changes nothing, and a module's completion is
recorded once, with its date, by a conditional update that holds on SQLite and PostgreSQL alike.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from modules import translations
from modules.models import Enrolment, LessonPage, LessonProgress, QuizPage, TrainingModulePage
from modules.signals import lesson_completed, module_completed
from modules.validity import is_refresher_due, valid_until_for
from quizzes.models import QuizAttempt

__all__ = [
    "LessonCompletion",
    "RefresherNotDue",
    "complete_module_if_requirements_met",
    "current_enrolment",
    "mark_lesson_complete",
    "record_graded_attempt",
    "refresher_due",
    "request_refresher",
    "start_module",
    "start_refresher",
]


@dataclass(frozen=True)
class LessonCompletion:
    """What :func:`mark_lesson_complete` did."""

    enrolment: Enrolment
    #: False when the lesson was already complete in this cycle.
    newly_completed: bool
    #: True when this call completed the whole module.
    module_completed: bool


def current_enrolment(*, user, module):
    """The learner's newest cycle through ``module``, or None if they never started it."""
    return Enrolment.objects.filter(user=user, module=module).order_by("-cycle").first()


def start_module(*, user, module):
    """Return the learner's current enrolment in ``module``, creating cycle 1 if there is none.

    A translated module is enrolled in through its source (:mod:`modules.translations`).
    """
    module = translations.source_page(module)
    enrolment = current_enrolment(user=user, module=module)
    if enrolment is not None:
        return enrolment
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, module=module, module_title=module.title)
    except IntegrityError:
        # Another request started it at the same moment: use theirs.
        return Enrolment.objects.get(user=user, module=module, cycle=1)


def mark_lesson_complete(*, user, lesson):
    """Record that ``user`` completed ``lesson`` in their current cycle of its module.

    The caller has checked that the learner may open the module. Returns a
    :class:`LessonCompletion`; calling it again for the same lesson changes nothing. A translated
    lesson counts as its source lesson (:mod:`modules.translations`).
    """
    lesson = translations.source_page(lesson)
    module = TrainingModulePage.objects.ancestor_of(lesson).get()
    with transaction.atomic():
        enrolment = start_module(user=user, module=module)
        try:
            with transaction.atomic():
                LessonProgress.objects.create(enrolment=enrolment, lesson=lesson)
            newly_completed = True
        except IntegrityError:
            newly_completed = False
        if newly_completed:
            lesson_completed.send(
                sender=LessonProgress, user=user, lesson=lesson, enrolment=enrolment
            )
        now = timezone.now()
        Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=now)
        enrolment.last_activity_at = now
        completed = complete_module_if_requirements_met(enrolment=enrolment, module=module)
    return LessonCompletion(enrolment, newly_completed, completed)


def requirements_met(*, enrolment, module):
    """True when every live lesson is complete and every live quiz passed, in ``enrolment``.

    A failed attempt never counts: only a submitted attempt with ``passed`` set, in the same cycle.
    """
    live_lesson_ids = set(LessonPage.objects.live().child_of(module).values_list("id", flat=True))
    done = set(enrolment.lesson_progress.values_list("lesson_id", flat=True))
    if not live_lesson_ids or not live_lesson_ids <= done:
        return False
    quiz_ids = set(QuizPage.objects.live().child_of(module).values_list("id", flat=True))
    if not quiz_ids:
        return True
    passed = set(
        QuizAttempt.objects.passed()
        .filter(user_id=enrolment.user_id, quiz_id__in=quiz_ids, cycle=enrolment.cycle)
        .values_list("quiz_id", flat=True)
    )
    return quiz_ids <= passed


def record_graded_attempt(*, attempt):
    """After a quiz attempt is graded: complete the module if that was the last requirement."""
    if not attempt.passed or attempt.quiz_id is None:
        return False
    quiz = QuizPage.objects.filter(pk=attempt.quiz_id).first()
    if quiz is None:
        return False
    module = TrainingModulePage.objects.ancestor_of(quiz).first()
    enrolment = Enrolment.objects.filter(
        user_id=attempt.user_id, module=module, cycle=attempt.cycle
    ).first()
    if module is None or enrolment is None:
        return False
    now = timezone.now()
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=now)
    return complete_module_if_requirements_met(enrolment=enrolment, module=module)


def complete_module_if_requirements_met(*, enrolment, module):
    """Record the module as completed if its requirements are met; True if this call did it.

    The completion is written by a conditional update (``completed_at IS NULL``), so of two
    racing calls exactly one records it and sends ``module_completed``.
    """
    if enrolment.completed_at is not None or not requirements_met(
        enrolment=enrolment, module=module
    ):
        return False
    now = timezone.now()
    valid_until = valid_until_for(module, now)
    with transaction.atomic():
        won = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now, valid_until=valid_until
        )
        if not won:
            enrolment.refresh_from_db(fields=["completed_at", "valid_until"])
            return False
        enrolment.completed_at = now
        enrolment.valid_until = valid_until
        module_completed.send(
            sender=Enrolment,
            enrolment=enrolment,
            user=enrolment.user,
            module=module,
            completed_at=now,
        )
    return True


class RefresherNotDue(Exception):
    """Raised by :func:`start_refresher` when the learner has no refresher to start."""


def refresher_due(enrolment, on=None):
    """True when ``enrolment`` is a completed cycle that needs refreshing (see modules.validity)."""
    if enrolment is None or enrolment.completed_at is None:
        return False
    return enrolment.refresher_requested_at is not None or is_refresher_due(
        enrolment.valid_until, on
    )


def start_refresher(*, user, module):
    """Open the next cycle of ``module`` for ``user`` and return its enrolment.

    Allowed only when the newest cycle is completed and a refresher is due (expiring soon,
    expired, or requested by trainers). The new cycle starts with no lessons done and no quiz
    attempts; earlier cycles, their attempts and certificates stay as they are. Calling it twice
    returns the same new cycle; it raises :class:`RefresherNotDue` otherwise.
    """
    module = translations.source_page(module)
    current = current_enrolment(user=user, module=module)
    if current is not None and current.completed_at is None and current.cycle > 1:
        return current  # a second click: the refresher has already started
    if not refresher_due(current):
        raise RefresherNotDue
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                user=user, module=module, module_title=module.title, cycle=current.cycle + 1
            )
    except IntegrityError:
        return Enrolment.objects.get(user=user, module=module, cycle=current.cycle + 1)


def request_refresher(*, enrolments, reason, now=None):
    """Ask the learners of these completed cycles to take a refresher, for ``reason``.

    Returns the number of enrolments newly marked; ones already asked keep their first request.
    """
    return Enrolment.objects.filter(
        pk__in=[e.pk for e in enrolments],
        completed_at__isnull=False,
        refresher_requested_at__isnull=True,
    ).update(refresher_requested_at=now or timezone.now(), refresher_reason=reason[:500])
