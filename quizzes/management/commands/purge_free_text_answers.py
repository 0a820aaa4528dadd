"""
Delete the words of learners' reflective (free-text) answers older than the retention period.

    manage.py purge_free_text_answers               # FREE_TEXT_RETENTION_DAYS (default 365)
    manage.py purge_free_text_answers --days 180

Run it daily (cron or a scheduler). Scores, choices and the fact that a question was answered
stay; only the text goes. Safe to run again: answers purged before are not counted twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.services import purge_free_text_answers


class Command(BaseCommand):
    help = "Delete reflective answers' text older than FREE_TEXT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep answers this many days (default: the setting)."
        )

    def handle(self, *args, days=None, **options):
        days = settings.FREE_TEXT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        purged = purge_free_text_answers(retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Purged {purged} free-text answer{'s' if purged != 1 else ''} "
                f"older than {days} days."
            )
        )
