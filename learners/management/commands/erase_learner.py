"""
Erase a learner's personal data for good (a right-to-erasure request).

    manage.py erase_learner jo@example.org         # asks you to type the username to confirm
    manage.py erase_learner jo@example.org --yes   # no question (for scripts)

The account is kept but anonymised so that anonymous totals stay right; names, email, free-text
answers and extra-time notes are deleted; certificates are revoked with the reason "erased".
This cannot be undone. Export the data first if the learner asked for a copy.
"""

from django.core.management.base import BaseCommand, CommandError

from learners.lookup import AccountNotFound, find_account
from learners.services import LearnerError, erase_learner


class Command(BaseCommand):
    help = "Erase a learner's personal data (username or email). Cannot be undone."

    def add_arguments(self, parser):
        parser.add_argument("user", help="The learner's username or email address.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args, user, yes, **options):
        try:
            account = find_account(user)
        except AccountNotFound as error:
            raise CommandError(str(error)) from error
        username = account.get_username()
        if not yes:
            self.stdout.write(
                f"This erases the personal data of {username} (account {account.pk}) for good. "
                "It cannot be undone."
            )
            typed = input(f"Type the username ({username}) to confirm: ")
            if typed.strip() != username:
                raise CommandError("Not confirmed: nothing was erased.")
        try:
            record = erase_learner(user=account)
        except LearnerError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(record.summary.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased the personal data of account {account.pk}; it is now "
                f"erased-{account.pk}." + (f" ({counts})" if counts else "")
            )
        )
