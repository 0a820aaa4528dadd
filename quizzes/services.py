"""
The one write path for quiz attempts: start, save a response, submit (and grade).

Every function is safe under repetition and races, on SQLite and PostgreSQL alike:

* starting while an attempt is in progress resumes it (a partial unique constraint allows one
  in-progress attempt per learner, quiz and cycle);
* a response is saved by one upsert on (attempt, position), so a second save replaces, and
  only while the attempt is in progress in the database;
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
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Max, Q, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant

from quizzes.models import (
    AttemptStatus,
    Question,
    QuestionResponse,
    QuizAttempt,
    TimeAllowance,
)
from quizzes.models.scenarios import ScenarioUse
from quizzes.signals import attempt_graded, response_saved

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
    #: Random draws come from the bank's source-language questions (None: every language)...
    source_locale_id: int | None = None
    #: ...and each is asked in this language where it has a translation (None: as drawn).
    locale_id: int | None = None


def question_class(snapshot):
    """The question type (model class) that grades ``snapshot``."""
    return apps.get_model(snapshot["model"])


def start_attempt(*, user, definition, cycle=1, rng=None, now=None, language=None):
    """Return ``(attempt, created)``: the attempt in progress, or a new one.

    A new attempt records ``language`` (the request's language; the active one when not
    given); an attempt resumed in another language keeps the language it was started in.

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
                language=language or translation.get_language() or "",
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
    the back button, cannot overwrite a newer answer. A stale post raises :class:`StaleAnswer`
    and changes nothing.

    The answer is written by one statement (:func:`_write_response`) that also requires the
    attempt to be still in progress in the database, so an attempt submitted after ``attempt``
    was read keeps the answers it was graded on (:class:`AttemptClosed`). One statement is
    atomic on its own: no transaction or savepoint is opened around it, and none is needed to
    tell a stale page from a fresh one (the conditions are in the statement, not caught errors).
    """
    now = now or timezone.now()
    if not 0 <= position < len(attempt.questions):
        raise QuizError(_("That question is not part of this attempt."))
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise AttemptClosed(_("This attempt has been submitted; its answers can no longer change."))
    if attempt_is_overdue(attempt, now):
        raise AttemptClosed(_("The time for this attempt is up."))
    saved = QuestionResponse(
        attempt=attempt,
        position=position,
        response=response,
        saved_at=now,
        question_id=attempt.questions[position].get("question_id"),
    )
    if expected_version in (None, "new"):
        saved.pk = _write_response(saved, replace=expected_version is None)
    else:
        try:
            expected = datetime.datetime.fromisoformat(expected_version)
        except (TypeError, ValueError):
            raise _stale() from None
        saved.pk = _write_response(saved, replace_saved_at=expected)
    if saved.pk is None:
        if not QuizAttempt.objects.in_progress().filter(pk=attempt.pk).exists():
            raise AttemptClosed(
                _("This attempt has been submitted; its answers can no longer change.")
            )
        raise _stale()
    response_saved.send(
        sender=QuestionResponse,
        attempt=attempt,
        saved=saved,
        question=attempt.questions[position],
        user=attempt.user,
    )
    return saved


def _stale():
    return StaleAnswer(
        _(
            "This answer was changed in another tab or window after this page was opened. "
            "Here it is as saved now: change it again if you wish."
        )
    )


def _write_response(saved, *, replace=False, replace_saved_at=None):
    """Write ``saved`` in one statement, only while its attempt is in progress; its id or None.

    Three ways, on SQLite and PostgreSQL alike:

    * ``replace``: insert, or replace the answer already at that position (an upsert);
    * ``replace_saved_at``: replace the answer at that position only if it was saved at that
      moment (the page posted shows the latest answer);
    * neither: insert only if the position has no answer yet (the page posted showed none).

    None when nothing was written: the attempt is no longer in progress, or the answer at that
    position is not the one the page showed.
    """
    connection = connections[router.db_for_write(QuestionResponse)]
    quote = connection.ops.quote_name
    table = quote(QuestionResponse._meta.db_table)
    attempts = quote(QuizAttempt._meta.db_table)

    def prepared(name):
        field = QuestionResponse._meta.get_field(name)
        return field.get_db_prep_save(getattr(saved, field.attname), connection)

    values = [prepared(name) for name in ("question_id", "response", "saved_at")]
    in_progress = [saved.attempt_id, AttemptStatus.IN_PROGRESS]
    if replace_saved_at is not None:
        field = QuestionResponse._meta.get_field("saved_at")
        sql = (
            f"UPDATE {table} SET question_id = %s, response = %s, saved_at = %s "  # noqa: S608
            f"WHERE attempt_id = %s AND position = %s AND saved_at = %s AND EXISTS ("
            f"SELECT 1 FROM {attempts} WHERE id = %s AND status = %s) RETURNING id"
        )
        params = [
            *values,
            saved.attempt_id,
            saved.position,
            field.get_db_prep_save(replace_saved_at, connection),
            *in_progress,
        ]
    else:
        on_conflict = (
            "DO UPDATE SET question_id = excluded.question_id, response = excluded.response, "
            "saved_at = excluded.saved_at"
            if replace
            else "DO NOTHING"
        )
        # The SELECT has a WHERE clause, which SQLite needs to read ON CONFLICT as the upsert's.
        sql = (
            f"INSERT INTO {table} (attempt_id, position, question_id, response, saved_at) "  # noqa: S608
            f"SELECT id, %s, %s, %s, %s FROM {attempts} WHERE id = %s AND status = %s "
            f"ON CONFLICT (attempt_id, position) {on_conflict} RETURNING id"
        )
        params = [saved.position, *values, *in_progress]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


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


def _in_language(question_ids, definition):
    """``question_ids`` each replaced by its translation in the quiz's language, when it has one.

    A Welsh quiz draws from the same (English) pool as its source, so every learner faces the
    same choice of questions, and asks each in Welsh where a trainer has translated it; its
    fixed questions are its source's (wagtail-localize copies them), asked in Welsh the same way.
    """
    if definition.locale_id is None or definition.locale_id == definition.source_locale_id:
        return question_ids
    keys = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "translation_key"))
    translated = dict(
        Question.objects.filter(
            translation_key__in=keys.values(), locale_id=definition.locale_id
        ).values_list("translation_key", "pk")
    )
    return [translated.get(keys.get(pk), pk) for pk in question_ids]


def _snapshot_questions(definition, rng):
    """Choose the attempt's questions and freeze each; costs one query per question type."""
    chosen_ids = list(dict.fromkeys(definition.question_ids))
    for category_id, count in definition.random_draws:
        bank = Question.objects.filter(category_id=category_id)
        if definition.source_locale_id is not None:
            bank = bank.filter(locale_id=definition.source_locale_id)
        pool = list(
            bank.exclude(pk__in=chosen_ids)
            # A scenario learners practise in lessons is no evidence: never drawn.
            .exclude(scenarioquestion__use=ScenarioUse.PRACTICE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen_ids += rng.sample(pool, min(count, len(pool)))
    # The fixed questions too: a translated quiz page keeps its source's questions.
    chosen_ids = list(dict.fromkeys(_in_language(chosen_ids, definition)))
    by_id = {q.pk: q for q in Question.objects.filter(pk__in=chosen_ids)}
    prefetch_parts(by_id.values())
    questions = [by_id[pk] for pk in chosen_ids if pk in by_id]
    if definition.shuffle_questions:
        rng.shuffle(questions)
    snapshots = []
    untranslated = _untranslated_language(definition)
    for index, question in enumerate(questions):
        snapshot = question.snapshot(rng, shuffle_choices=definition.shuffle_choices)
        if untranslated and question.locale_id != definition.locale_id:
            # Not translated yet: asked in the original, and marked so (``lang``) on the page.
            snapshot["language"] = untranslated
        snapshots.append(dict(snapshot, position=index))
    return snapshots


def _untranslated_language(definition):
    """The language code of a question a translated quiz asks untranslated, or "" for a quiz in
    the original language."""
    if definition.locale_id is None or definition.locale_id == definition.source_locale_id:
        return ""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


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
