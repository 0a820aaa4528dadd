"""
Issue the certificate of every completed enrolment that has none (for example after an error
while issuing, or for completions recorded before certificates existed). Idempotent.
"""

from django.core.management.base import BaseCommand

from certificates.models import Certificate
from certificates.services import issue_certificate
from modules.models import Enrolment


class Command(BaseCommand):
    help = "Issue certificates for completed enrolments that have none."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        certified = Certificate.objects.values_list("enrolment_id", flat=True)
        missing = (
            Enrolment.objects.completed()
            .filter(module__isnull=False)
            .exclude(pk__in=certified.exclude(enrolment_id__isnull=True))
            .select_related("user", "module")
        )
        count = 0
        for enrolment in missing.iterator():
            if not dry_run:
                issue_certificate(enrolment=enrolment, module=enrolment.module)
            count += 1
        verb = "would be issued" if dry_run else "issued"
        self.stdout.write(self.style.SUCCESS(f"{count} certificate(s) {verb}."))
