"""
Email refresher reminders that are due: 30 days and 7 days before a certificate expires, and on
the day it expires. Safe to run daily from cron (or more often): each reminder goes once, only to
active accounts, and not to learners who have already started or finished the refresher.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from certificates.services import due_dated_reminders, send_refresher_reminders


class Command(BaseCommand):
    help = "Email the refresher reminders due today (each reminder is sent once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this day (YYYY-MM-DD), to catch up or test."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date must look like 2026-11-23 ({error})") from None
        if dry_run:
            due = due_dated_reminders(today)
            for certificate, kind in due:
                self.stdout.write(f"{kind}\t{certificate.short_code}\t{certificate.module_title}")
            self.stdout.write(f"{len(due)} reminder(s) due; nothing sent (dry run).")
            return
        count = send_refresher_reminders(today)
        self.stdout.write(self.style.SUCCESS(f"{count} reminder(s) sent."))
