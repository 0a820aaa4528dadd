"""``manage.py purge_expired_exports``: delete spreadsheet exports past their retention (daily)."""

from django.core.management.base import BaseCommand

from elearning.services import purge_expired_exports


class Command(BaseCommand):
    help = "Delete spreadsheet exports (and their files) older than EXPORT_RETENTION_DAYS."

    def handle(self, *args, **options):
        count = purge_expired_exports()
        noun = "export" if count == 1 else "exports"
        self.stdout.write(f"{count} expired {noun} deleted.")
