"""
The assessment quality check over the whole site: every quiz page and every question.

:mod:`quizzes.quality` knows what to look for in questions and in a quiz's bank; this module
knows where the quizzes are (quiz pages live in ``modules``) and gathers one report for the
command, the admin report and the warnings shown when a trainer saves.
"""

from dataclasses import dataclass, field

from modules.models import QuizPage
from quizzes import quality
from quizzes.models import Question


@dataclass
class QuizQuality:
    page_id: int
    title: str
    pass_mark: int
    odds: quality.GuessingOdds
    warnings: list

    @property
    def pass_chance_percent(self):
        """The chance of passing by guessing, in percent, to four places."""
        return f"{100 * self.odds.pass_chance:.4f}"


@dataclass
class QualityReport:
    quizzes: list = field(default_factory=list)
    question_warnings: list = field(default_factory=list)
    questions_checked: int = 0

    @property
    def warnings(self):
        return [w for quiz in self.quizzes for w in quiz.warnings] + self.question_warnings


def quiz_quality(page):
    """The quality of one quiz page: its bank's warnings and the blind guesser's odds."""
    bank = quality.bank_of(page)
    return QuizQuality(
        page_id=page.pk,
        title=page.title,
        pass_mark=page.pass_mark,
        odds=quality.guessing_odds(bank),
        warnings=quality.quiz_warnings(bank),
    )


def quality_report():
    """Every quiz page (live or draft, latest saved version) and every question in the bank."""
    report = QualityReport()
    for page in QuizPage.objects.order_by("path").specific():
        report.quizzes.append(quiz_quality(page))
    questions = quality.load_questions(Question.objects.all())
    report.questions_checked = len(questions)
    for question in questions:
        report.question_warnings += quality.question_warnings(question)
    return report
