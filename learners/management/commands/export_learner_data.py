"""
Export everything held about one learner as JSON (a subject access request).

    manage.py export_learner_data jo@example.org                  # JSON on standard output
    manage.py export_learner_data jo@example.org --output jo.json

The export holds the account, the profile, every module cycle and lesson completed, every quiz
attempt with the answers given, extra-time arrangements, certificates and reminders sent.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learners.lookup import AccountNotFound, find_account
from learners.services import export_learner_json


class Command(BaseCommand):
    help = "Export everything held about a learner (username or email) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("user", help="The learner's username or email address.")
        parser.add_argument("--output", "-o", help="Write the JSON to this file.")

    def handle(self, *args, user, output=None, **options):
        try:
            account = find_account(user)
        except AccountNotFound as error:
            raise CommandError(str(error)) from error
        text = export_learner_json(account)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote the data held about {account.get_username()} to {output}.")
        else:
            self.stdout.write(text)
