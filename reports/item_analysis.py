"""
Quiz item analysis: how each question performs, so trainers can spot misleading ones.

For every question answered in a submitted attempt:

*responses*
    how many saved answers there are (a question a learner never reached has none);
*facility*
    the share of graded answers that were fully right (``QuestionResponse.is_correct``), the
    classic measure of how easy a question is: a facility far below its neighbours often means
    a question is unclear rather than hard;
*mean score*
    the average credit, which differs from facility for partial-credit questions;
*choices*
    for single choice, multiple choice and true/false questions, how often each option was
    picked. A wrong option picked more often than the right one is flagged as *misleading*.
*discrimination*
    how well the question tells learners who do well on the rest of the attempt from those who
    do not (:mod:`reports.psychometrics`), with the quiz's reliability (Cronbach's alpha / KR-20)
    shown when one quiz is chosen. Questions nearly everyone gets right, and questions good
    candidates get wrong, are flagged so trainers know what to rewrite.

Everything is read from what learners answered and the snapshots their attempts froze, never
from the question bank, so a question edited or deleted since still reports what learners saw.
Counting happens in the database: one grouped query for the statistics of every question, and
for a page of questions one query for their latest snapshots (titles, options, the right
answers), one for single-choice picks and one for multiple-choice picks. The cost does not grow
with the number of answers.

Option keys are stable across edits (``q<question>o<option>``), so counts add up across
versions of a question; options are labelled as in the latest snapshot, and an option removed
since then is shown as such.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Case, Count, F, FloatField, Max, Q, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from quizzes.models import AttemptStatus, QuestionResponse
from reports.psychometrics import item_flags
from reports.snapshots import ResponseSnapshot

#: Question types whose options are counted, and the response key holding the pick(s).
SINGLE_PICK_TYPES = frozenset({"single_choice", "true_false"})
MULTIPLE_PICK_TYPES = frozenset({"multiple_choice"})


def submitted_responses():
    """Every saved answer of a submitted attempt: what item analysis counts."""
    return QuestionResponse.objects.filter(
        attempt__status=AttemptStatus.SUBMITTED, question_id__isnull=False
    )


def question_statistics(responses):
    """One row per question in ``responses``: counts, facility and mean score (a queryset).

    Rows are dicts with ``question_id``, ``responses``, ``graded``, ``correct``, ``facility``
    (0 to 1, None when nothing was graded), ``mean_score`` (0 to 1) and ``latest_response_id``.
    """
    return (
        responses.order_by()
        .values("question_id")
        .annotate(
            responses=Count("id"),
            graded=Count("id", filter=Q(score__isnull=False)),
            correct=Count("id", filter=Q(is_correct=True)),
            mean_score=Avg("score"),
            latest_response_id=Max("id"),
        )
        .annotate(
            facility=Case(
                When(graded=0, then=None),
                default=Cast(F("correct"), FloatField()) / Cast(F("graded"), FloatField()),
                output_field=FloatField(),
            )
        )
    )


@dataclass
class ChoiceTally:
    """One option of a choice question and how many answers picked it."""

    key: str
    text: str
    correct: bool
    picked: int = 0
    #: False for an option that was in earlier versions of the question only.
    still_offered: bool = True
    #: Share of the question's answers that picked it, in percent (set once counted).
    share_percent: float = 0.0


@dataclass
class QuestionItem:
    """The analysis of one question, ready for a report row."""

    question_id: int
    title: str
    type: str
    type_label: str
    responses: int
    graded: int
    correct: int
    mean_score: Decimal | None
    #: Options with their counts (choice questions only; None for other types).
    choices: list | None = field(default=None)
    #: Correlation with the rest of the attempt (None: too few answers to say).
    discrimination: float | None = None

    @property
    def discrimination_display(self):
        return None if self.discrimination is None else round(self.discrimination, 2)

    @property
    def statistics_flags(self):
        return item_flags(
            facility=self.facility, graded=self.graded, discrimination_value=self.discrimination
        )

    @property
    def facility(self):
        """Share of graded answers that were fully right (None when none was graded)."""
        return self.correct / self.graded if self.graded else None

    @property
    def facility_percent(self):
        return None if self.facility is None else round(100 * self.facility, 1)

    @property
    def mean_score_percent(self):
        return None if self.mean_score is None else round(100 * float(self.mean_score), 1)

    @property
    def misleading_choices(self):
        """Wrong options picked more often than the least-picked right option."""
        if not self.choices:
            return []
        right = [c.picked for c in self.choices if c.correct]
        if not right:
            return []
        threshold = min(right)
        return [c for c in self.choices if not c.correct and c.picked > threshold]

    @property
    def is_scenario(self):
        return self.type == "scenario"

    @property
    def choices_summary(self):
        """The option counts as one line of text, for spreadsheets."""
        if not self.choices:
            return ""
        parts = []
        for choice in self.choices:
            marks = [_("right")] if choice.correct else []
            if not choice.still_offered:
                marks.append(_("removed"))
            label = f"{choice.text} ({', '.join(marks)})" if marks else choice.text
            parts.append(f"{label}: {choice.picked}")
        return "; ".join(parts)

    @property
    def flag(self):
        flags = []
        misleading = self.misleading_choices
        if misleading:
            flags.append(
                _("Misleading: %(options)s picked more often than the right answer")
                % {"options": ", ".join(f"“{c.text}”" for c in misleading)}
            )
        return " ".join(flags + self.statistics_flags)


def describe_questions(rows, responses, discriminations=None):
    """Turn statistics ``rows`` (a page) into :class:`QuestionItem` objects, with choices.

    ``responses`` is the same filtered queryset the rows were computed from, so the option
    counts use the same answers as the facility. Four queries, whatever the number of rows.
    """
    rows = list(rows)
    if not rows:
        return []
    snapshots = dict(
        QuestionResponse.objects.filter(id__in=[row["latest_response_id"] for row in rows])
        .annotate(snapshot=ResponseSnapshot())
        .values_list("question_id", "snapshot")
    )
    items = []
    for row in rows:
        snapshot = snapshots.get(row["question_id"]) or {}
        item = QuestionItem(
            question_id=row["question_id"],
            title=snapshot.get("title") or _("Question %(id)s") % {"id": row["question_id"]},
            type=snapshot.get("type", ""),
            type_label=snapshot.get("type_label", ""),
            responses=row["responses"],
            graded=row["graded"],
            correct=row["correct"],
            mean_score=row["mean_score"],
            discrimination=(discriminations or {}).get(row["question_id"]),
        )
        if item.type in SINGLE_PICK_TYPES | MULTIPLE_PICK_TYPES:
            item.choices = [
                ChoiceTally(key=o["key"], text=o["text"], correct=bool(o.get("correct")))
                for o in snapshot.get("options", [])
            ]
        items.append(item)
    _count_single_picks([i for i in items if i.type in SINGLE_PICK_TYPES], responses)
    _count_multiple_picks([i for i in items if i.type in MULTIPLE_PICK_TYPES], responses)
    for item in items:
        for choice in item.choices or []:
            choice.share_percent = (
                round(100 * choice.picked / item.responses, 1) if item.responses else 0.0
            )
    return items


def _count_single_picks(items, responses):
    if not items:
        return
    by_id = {item.question_id: item for item in items}
    rows = (
        responses.order_by()
        .filter(question_id__in=by_id)
        .annotate(choice=KT("response__choice"))
        .values("question_id", "choice")
        .annotate(picked=Count("id"))
    )
    for row in rows:
        if not row["choice"]:  # unanswered
            continue
        item = by_id[row["question_id"]]
        tally = next((c for c in item.choices if c.key == row["choice"]), None)
        if tally is None:  # an option since removed from the question
            tally = ChoiceTally(
                key=row["choice"],
                text=_("An option since removed"),
                correct=False,
                still_offered=False,
            )
            item.choices.append(tally)
        tally.picked += row["picked"]


def _count_multiple_picks(items, responses):
    """One conditional count per option, all in one query.

    A multiple-choice answer stores its picks as a JSON list of option keys; the key in quotes
    (``"q12o34"``) matches exactly one option, so "the list's text contains it" counts picks
    on SQLite and PostgreSQL alike.
    """
    counters = {}
    for item in items:
        for number, choice in enumerate(item.choices):
            counters[f"q{item.question_id}_{number}"] = Count(
                "id",
                filter=Q(
                    question_id=item.question_id,
                    response__choices__icontains=f'"{choice.key}"',
                ),
            )
    if not counters:
        return
    totals = (
        responses.order_by()
        .filter(question_id__in=[item.question_id for item in items])
        .aggregate(**counters)
    )
    for item in items:
        for number, choice in enumerate(item.choices):
            choice.picked = totals[f"q{item.question_id}_{number}"] or 0
