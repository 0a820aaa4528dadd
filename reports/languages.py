"""
Quiz results by language: do learners who take a quiz in Welsh or Arabic do as well as those
who take it in English?

Every attempt keeps the language it was taken in (``QuizAttempt.language``). This breakdown
counts the submitted attempts behind a set of answers (the answer reports' filters apply), one
row per language: attempts, passes, the pass rate and the mean score. A large gap points at a
translation to check, not at the learners. Attempts from before languages were recorded are
counted under "Not recorded".
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from quizzes.models import QuizAttempt


@dataclass
class LanguageResults:
    code: str
    name: str
    attempts: int
    passed: int
    mean_score: float | None

    @property
    def pass_rate_percent(self):
        return round(100 * self.passed / self.attempts) if self.attempts else None

    @property
    def mean_score_percent(self):
        return None if self.mean_score is None else round(self.mean_score)


def language_name(code):
    """The language's name as the site offers it ("Cymraeg"), or "Not recorded"."""
    names = dict(settings.LANGUAGES)
    if not code:
        return _("Not recorded")
    return str(names.get(code, code))


def results_by_language(responses):
    """One :class:`LanguageResults` per language among the attempts behind ``responses``.

    Languages follow the order of ``LANGUAGES``; one query.
    """
    attempts = QuizAttempt.objects.filter(id__in=responses.order_by().values("attempt_id"))
    rows = (
        attempts.order_by()
        .values("language")
        .annotate(
            attempts=Count("id"),
            passed=Count("id", filter=Q(passed=True)),
            mean_score=Avg("score"),
        )
    )
    order = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
    results = [
        LanguageResults(
            code=row["language"],
            name=language_name(row["language"]),
            attempts=row["attempts"],
            passed=row["passed"],
            mean_score=None if row["mean_score"] is None else float(row["mean_score"]),
        )
        for row in rows
    ]
    return sorted(results, key=lambda r: (order.get(r.code, len(order)), r.code))
