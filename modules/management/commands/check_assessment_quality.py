"""``manage.py check_assessment_quality``: what lets a learner pass without knowing (exit 1 if any).

Runs :mod:`quizzes.quality` over every quiz page (its fixed questions and the pools it draws
from), every question in the bank and every scenario, prints each warning, and for each quiz the
expected score of a blind guesser and their chance of passing. ``make test`` runs it on the
default content and fails on any warning.
"""

from django.core.management.base import BaseCommand, CommandError

from modules.assessment_quality import quality_report


class Command(BaseCommand):
    help = (
        "Check quizzes, questions and scenarios for patterns that let a learner pass without "
        "knowing; print the blind guesser's odds per quiz. Exits 1 if anything is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--warn-only",
            action="store_true",
            help="Print the warnings but exit 0.",
        )

    def handle(self, *args, warn_only=False, **options):
        report = quality_report()
        for quiz in report.quizzes:
            self.stdout.write(
                f"Quiz “{quiz.title}”: {quiz.odds.questions_per_attempt} scored questions per "
                f"attempt, pass mark {quiz.pass_mark}%; a blind guesser scores "
                f"{quiz.odds.expected_score:.1f}% on average and passes with a chance of "
                f"{100 * quiz.odds.pass_chance:.4f}%"
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"WARNING [{warning.code}] {warning}"))
        count = len(report.warnings)
        self.stdout.write(
            f"{count} warning(s) on {report.questions_checked} questions and "
            f"{len(report.quizzes)} quizzes."
        )
        if count and not warn_only:
            raise CommandError(f"{count} assessment quality warning(s)")
