"""
Item and test statistics: does each question tell good candidates from weak ones, and does the
quiz as a whole measure consistently?

*discrimination* (point-biserial, or Pearson for partial credit)
    the correlation between a learner's score on a question and their score on the rest of the
    same attempt (the mean of its other scored questions, so attempts that drew different
    questions compare fairly). Near 0, or negative, means learners who do well overall get this
    question wrong as often as those who do badly: the key may be wrong, or the wording misleads.
    Above about 0.2 is what a useful item shows.
*reliability* (Cronbach's alpha; KR-20 when every item is right or wrong)
    ``k/(k-1) * (1 - item variances / total variance)`` over submitted attempts, where ``k`` is the
    number of scored questions an attempt asks and the item variances are those of the questions
    each attempt asked (averaged, when questions are drawn from pools). Above about 0.7 is
    usually wanted for a pass/fail decision; below 0.5, the total is mostly noise.

Statistics are given only with enough answers (:data:`MIN_ANSWERS`); unanswered questions have no
saved response and are left out. Everything is read with one query over the filtered responses.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: Fewer answers than this and a statistic says more about chance than about the question.
MIN_ANSWERS = 20
#: Facility above this: nearly everyone gets it right, so it separates no one.
TOO_EASY = 0.95
#: Discrimination below this: good candidates get it wrong as often as others.
LOW_DISCRIMINATION = 0.1


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    attempts: int
    items_per_attempt: float

    @property
    def alpha_display(self):
        return None if self.alpha is None else round(self.alpha, 2)


def scores_by_attempt(responses):
    """{attempt id: {question id: score 0-1}} for the graded answers in ``responses``."""
    by_attempt = defaultdict(dict)
    rows = (
        responses.order_by()
        .filter(score__isnull=False)
        .values_list("attempt_id", "question_id", "score")
    )
    for attempt_id, question_id, score in rows:
        by_attempt[attempt_id][question_id] = float(score)
    return dict(by_attempt)


def _pearson(xs, ys):
    if len(xs) < 2:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if not sxx or not syy:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def discrimination(by_attempt):
    """{question id: correlation with the rest of the attempt, or None if too few answers}."""
    pairs = defaultdict(lambda: ([], []))
    for scores in by_attempt.values():
        if len(scores) < 2:
            continue
        total = sum(scores.values())
        for question_id, score in scores.items():
            rest = (total - score) / (len(scores) - 1)
            item, others = pairs[question_id]
            item.append(score)
            others.append(rest)
    found = {}
    for question_id, (item, others) in pairs.items():
        found[question_id] = _pearson(item, others) if len(item) >= MIN_ANSWERS else None
    return found


def reliability(by_attempt):
    """Cronbach's alpha of the quiz over the attempts in ``by_attempt`` (see the module doc)."""
    attempts = [scores for scores in by_attempt.values() if len(scores) >= 2]
    if len(attempts) < MIN_ANSWERS:
        return Reliability(None, len(attempts), 0)
    per_item = defaultdict(list)
    for scores in attempts:
        for question_id, score in scores.items():
            per_item[question_id].append(score)
    variance = {
        question_id: statistics.pvariance(values) if len(values) > 1 else 0.0
        for question_id, values in per_item.items()
    }
    totals = [sum(scores.values()) for scores in attempts]
    total_variance = statistics.pvariance(totals)
    k = statistics.fmean(len(scores) for scores in attempts)
    if not total_variance or k <= 1:
        return Reliability(None, len(attempts), k)
    item_variance = statistics.fmean(
        sum(variance[question_id] for question_id in scores) for scores in attempts
    )
    alpha = k / (k - 1) * (1 - item_variance / total_variance)
    return Reliability(alpha, len(attempts), k)


def item_flags(*, facility, graded, discrimination_value):
    """What a trainer should know about an item's statistics, in words (may be empty)."""
    flags = []
    if graded >= MIN_ANSWERS and facility is not None and facility > TOO_EASY:
        flags.append(_("Nearly everyone gets it right: it tells you little about who has learned."))
    if discrimination_value is not None and discrimination_value < LOW_DISCRIMINATION:
        flags.append(
            _(
                "Learners who do well overall get it wrong as often as others (discrimination "
                "%(value).2f): check the right answer and the wording."
            )
            % {"value": discrimination_value}
        )
    return flags
