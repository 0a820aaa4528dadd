"""
The one write path for quiz attempts: start, save a response, submit (and grade).

Every function is safe under repetition and races, on SQLite and PostgreSQL alike:

* starting while an attempt is in progress resumes it (a partial unique constraint allows one
  in-progress attempt per learner, quiz and cycle);
* a response is saved by update-or-create on (attempt, position), so a second save replaces;
* submitting flips the status with a conditional update: of two racing submissions exactly one
  grades, and the other sees the graded attempt. Nothing is counted twice.

Grading reads only the attempt's snapshot, never the live question bank.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.models import (
    AttemptStatus,
    Question,
    QuestionResponse,
    QuizAttempt,
    TimeAllowance,
)
from quizzes.models.scenarios import ScenarioUse
from quizzes.signals import attempt_graded

__all__ = [
    "AttemptClosed",
    "AttemptLimitReached",
    "QuizDefinition",
    "QuizError",
    "SUBMISSION_GRACE",
    "attempt_is_overdue",
    "forget_learner",
    "free_text_responses",
    "prefetch_parts",
    "preview_questions",
    "purge_free_text_answers",
    "question_class",
    "save_response",
    "start_attempt",
    "submit_attempt",
    "submit_if_overdue",
]

#: Answers that arrive this long after the deadline (a slow connection) are still accepted.
SUBMISSION_GRACE = timedelta(seconds=60)


class QuizError(Exception):
    """A request the engine refuses; ``str(error)`` is a message for the learner."""


class AttemptLimitReached(QuizError):
    pass


class AttemptClosed(QuizError):
    pass


@dataclass(frozen=True)
class QuizDefinition:
    """What a quiz asks, as the page that holds it describes it at the start of an attempt."""

    quiz_id: int
    title: str
    pass_mark: int
    review_policy: str
    max_attempts: int = 0
    time_limit_minutes: int | None = None
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    #: Bank question ids, in order.
    question_ids: tuple = ()
    #: (category id, how many) pairs: questions drawn at random per attempt.
    random_draws: tuple = field(default_factory=tuple)


def question_class(snapshot):
    """The question type (model class) that grades ``snapshot``."""
    return apps.get_model(snapshot["model"])


def start_attempt(*, user, definition, cycle=1, rng=None, now=None):
    """Return ``(attempt, created)``: the attempt in progress, or a new one.

    Raises :class:`AttemptLimitReached` when every allowed attempt has been submitted.
    """
    now = now or timezone.now()
    existing = _in_progress(user, definition.quiz_id, cycle)
    if existing is not None:
        return existing, False

    past = QuizAttempt.objects.filter(user=user, quiz_id=definition.quiz_id, cycle=cycle)
    submitted = past.filter(status=AttemptStatus.SUBMITTED).count()
    if definition.max_attempts and submitted >= definition.max_attempts:
        raise AttemptLimitReached(
            _("You have used all %(count)d attempts at this quiz.")
            % {"count": definition.max_attempts}
        )

    rng = rng or random.SystemRandom()
    snapshots = _snapshot_questions(definition, rng)
    if not snapshots:
        raise QuizError(_("This quiz has no questions yet. Please try again later."))
    number = (past.aggregate(highest=Max("number"))["highest"] or 0) + 1
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                user=user,
                quiz_id=definition.quiz_id,
                quiz_title=definition.title,
                cycle=cycle,
                number=number,
                pass_mark=definition.pass_mark,
                review_policy=definition.review_policy,
                max_attempts=definition.max_attempts,
                questions=snapshots,
                started_at=now,
                deadline=_deadline(user, definition, now),
            )
    except IntegrityError:
        # Another request (a double click) started one at the same moment: resume that one.
        existing = _in_progress(user, definition.quiz_id, cycle)
        if existing is None:
            raise
        return existing, False
    return attempt, True


def preview_questions(definition, rng):
    """The questions of ``definition`` as a learner would see them, for trainers' previews.

    Returns ``(snapshot, form, template_name)`` triples; nothing is saved.
    """
    previews = []
    for snapshot in _snapshot_questions(definition, rng):
        model = question_class(snapshot)
        previews.append((snapshot, model.response_form(snapshot), model.template_name))
    return previews


class StaleAnswer(QuizError):
    """The answer changed (in another tab or window) after the page being posted was opened."""


def response_version(saved):
    """What a question page carries to prove it shows the latest saved answer."""
    return saved.saved_at.isoformat() if saved is not None else "new"


def save_response(*, attempt, position, response, now=None, expected_version=None):
    """Store the learner's answer to question ``position``; replaces an earlier answer.

    With ``expected_version`` (from :func:`response_version` when the page was drawn), the answer
    is saved only if nothing was saved since: a page left open in another tab, or reached with
    the back button, cannot overwrite a newer answer. The check is a conditional update (or the
    unique constraint for a first answer), so it holds on SQLite and PostgreSQL alike; a stale
    post raises :class:`StaleAnswer` and changes nothing.
    """
    now = now or timezone.now()
    if not 0 <= position < len(attempt.questions):
        raise QuizError(_("That question is not part of this attempt."))
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise AttemptClosed(_("This attempt has been submitted; its answers can no longer change."))
    if attempt_is_overdue(attempt, now):
        raise AttemptClosed(_("The time for this attempt is up."))
    if expected_version is not None:
        return _save_if_unchanged(attempt, position, response, now, expected_version)
    saved, _created = QuestionResponse.objects.update_or_create(
        attempt=attempt,
        position=position,
        defaults={
            "response": response,
            "saved_at": now,
            "question_id": attempt.questions[position].get("question_id"),
        },
    )
    return saved


def _save_if_unchanged(attempt, position, response, now, expected_version):
    stale = StaleAnswer(
        _(
            "This answer was changed in another tab or window after this page was opened. "
            "Here it is as saved now: change it again if you wish."
        )
    )
    question_id = attempt.questions[position].get("question_id")
    if expected_version == "new":
        try:
            with transaction.atomic():
                return QuestionResponse.objects.create(
                    attempt=attempt,
                    position=position,
                    response=response,
                    saved_at=now,
                    question_id=question_id,
                )
        except IntegrityError:
            raise stale from None
    try:
        expected = datetime.datetime.fromisoformat(expected_version)
    except (TypeError, ValueError):
        raise stale from None
    updated = QuestionResponse.objects.filter(
        attempt=attempt, position=position, saved_at=expected
    ).update(response=response, saved_at=now, question_id=question_id)
    if not updated:
        raise stale
    return QuestionResponse.objects.get(attempt=attempt, position=position)


def attempt_is_overdue(attempt, now=None):
    """True once the deadline and the grace period have passed."""
    if attempt.deadline is None:
        return False
    return (now or timezone.now()) > attempt.deadline + SUBMISSION_GRACE


def submit_if_overdue(attempt, now=None):
    """Submit an attempt whose time is up (graded on what was saved); True if it did."""
    if attempt.status == AttemptStatus.IN_PROGRESS and attempt_is_overdue(attempt, now):
        submit_attempt(attempt=attempt, now=now)
        return True
    return False


def submit_attempt(*, attempt, now=None):
    """Submit and grade ``attempt`` exactly once; return the attempt as graded.

    A second call (or a racing one) changes nothing and returns the graded attempt.
    """
    now = now or timezone.now()
    with transaction.atomic():
        is_late = attempt.deadline is not None and now > attempt.deadline + SUBMISSION_GRACE
        won = QuizAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).update(
            status=AttemptStatus.SUBMITTED, submitted_at=now, is_late=is_late
        )
        if not won:
            attempt.refresh_from_db()
            return attempt
        attempt.refresh_from_db()
        _grade(attempt)
        attempt_graded.send(sender=QuizAttempt, attempt=attempt, user=attempt.user)
    return attempt


def _grade(attempt):
    responses = {r.position: r for r in attempt.responses.all()}
    total, graded_count = Decimal("0"), 0
    changed = []
    for position, snapshot in enumerate(attempt.questions):
        saved = responses.get(position)
        result = question_class(snapshot).grade(snapshot, saved.response if saved else {})
        if result.score is not None:
            total += result.score
            graded_count += 1
        if saved is not None:
            saved.score = result.score
            saved.is_correct = result.is_correct
            changed.append(saved)
    QuestionResponse.objects.bulk_update(changed, ["score", "is_correct"])
    if graded_count:
        attempt.score = (total * 100 / graded_count).quantize(Decimal("0.01"))
        attempt.passed = attempt.score >= attempt.pass_mark
    else:  # only reflective questions: completing them is what counts
        attempt.score = None
        attempt.passed = True
    attempt.save(update_fields=["score", "passed"])


def _in_progress(user, quiz_id, cycle):
    return QuizAttempt.objects.filter(user=user, quiz_id=quiz_id, cycle=cycle).in_progress().first()


def _deadline(user, definition, now):
    if not definition.time_limit_minutes:
        return None
    allowance = (
        TimeAllowance.objects.filter(user=user)
        .filter(Q(quiz_id=definition.quiz_id) | Q(quiz__isnull=True))
        .order_by("quiz_id")  # a quiz-specific allowance wins over the general one
        .first()
    )
    extra = allowance.extra_minutes if allowance else 0
    return now + timedelta(minutes=definition.time_limit_minutes + extra)


def _snapshot_questions(definition, rng):
    """Choose the attempt's questions and freeze each; costs one query per question type."""
    chosen_ids = list(dict.fromkeys(definition.question_ids))
    for category_id, count in definition.random_draws:
        pool = list(
            Question.objects.filter(category_id=category_id)
            .exclude(pk__in=chosen_ids)
            # A scenario learners practise in lessons is no evidence: never drawn.
            .exclude(scenarioquestion__use=ScenarioUse.PRACTICE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen_ids += rng.sample(pool, min(count, len(pool)))
    by_id = {q.pk: q for q in Question.objects.filter(pk__in=chosen_ids)}
    prefetch_parts(by_id.values())
    questions = [by_id[pk] for pk in chosen_ids if pk in by_id]
    if definition.shuffle_questions:
        rng.shuffle(questions)
    return [
        dict(question.snapshot(rng, shuffle_choices=definition.shuffle_choices), position=index)
        for index, question in enumerate(questions)
    ]


def prefetch_parts(questions):
    """Prefetch each type's options, steps or pairs: one query per type present."""
    by_type = defaultdict(list)
    for question in questions:
        by_type[type(question)].append(question)
    for model, instances in by_type.items():
        for relation in ("options", "items", "pairs"):
            if hasattr(model, relation):
                prefetch_related_objects(instances, relation)


# Privacy: retention of free text, and a learner's erasure ---------------------------------------

#: The key under which a reflective (free-text) answer keeps the learner's words.
FREE_TEXT_KEY = "text"


def free_text_responses():
    """Responses that still hold a learner's own words (reflective answers, ``{"text": ...}``)."""
    return QuestionResponse.objects.filter(response__has_key=FREE_TEXT_KEY)


def _remove_free_text(responses, *, why, now):
    # The answer's words go; that it was answered, and when, stays for the attempt's history.
    return responses.update(response={"removed": why, "removed_at": now.date().isoformat()})


def purge_free_text_answers(*, now=None, retention_days=None):
    """Delete the words of reflective answers saved more than the retention period ago.

    The period is ``retention_days``, else ``settings.FREE_TEXT_RETENTION_DAYS``. Returns how
    many answers were purged; a second run purges nothing more.
    """
    now = now or timezone.now()
    days = settings.FREE_TEXT_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = now - timedelta(days=days)
    return _remove_free_text(
        free_text_responses().filter(saved_at__lt=cutoff), why="retention", now=now
    )


@transaction.atomic
def forget_learner(*, user, now=None):
    """For an erasure: delete the learner's free text and extra-time arrangements.

    Attempts, their scores and choices stay (anonymous aggregates count them). Returns counts.
    """
    now = now or timezone.now()
    answers = _remove_free_text(
        free_text_responses().filter(attempt__user=user), why="erased", now=now
    )
    allowances, _deleted = TimeAllowance.objects.filter(user=user).delete()
    return {"free_text_answers_deleted": answers, "time_allowances_deleted": allowances}
