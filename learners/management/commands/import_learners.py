"""
Import learners from a CSV file (columns: name, email, region, role; team optional).

Shows every row's outcome, then creates the new learners and emails each an invitation to choose
a password. Rows with problems are listed with the reason and skipped; the good rows are still
imported. Safe to run twice: people who have an account already are reported as "already
exists" and left as they are.

    manage.py import_learners volunteers.csv --dry-run     # only show what would happen
    manage.py import_learners volunteers.csv               # import and send invitations
    manage.py import_learners volunteers.csv --no-invite   # import without emails
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learners.importing import ImportFileError, RowOutcome, apply_import, preview_import


class Command(BaseCommand):
    help = "Import learners from a CSV file (name, email, region, role) and invite them."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a UTF-8 CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show each row's outcome; write nothing."
        )
        parser.add_argument(
            "--no-invite", action="store_true", help="Create the accounts without emailing."
        )

    def handle(self, *args, file, dry_run, no_invite, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            summary = preview_import(data)
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        if not dry_run:
            summary = apply_import(summary.rows, invite=not no_invite)
        for row in summary.rows:
            label = row.outcome_label if dry_run else row.done_label
            line = f"row {row.number:>4}  {row.email or '-':<40} {label}"
            if row.outcome == RowOutcome.ERROR:
                self.stdout.write(self.style.WARNING(f"{line}: {row.reason}"))
            else:
                self.stdout.write(line)

        verb = "would be created" if dry_run else "created"
        message = (
            f"{summary.to_create} {verb}, {summary.existing} already existed, "
            f"{summary.errors} not imported."
        )
        if not dry_run and summary.to_create and not no_invite:
            message += f" {summary.to_create} invitations sent."
        if dry_run:
            message += " Dry run: nothing was written."
        self.stdout.write(self.style.SUCCESS(message))
