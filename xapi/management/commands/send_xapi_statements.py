"""Send the xAPI statements still waiting (after an LRS outage); run it from cron."""

from django.core.management.base import BaseCommand, CommandError

from xapi import lrs
from xapi.services import send_due_statements


class Command(BaseCommand):
    help = "Send xAPI statements that are still waiting to the LRS (XAPI_LRS_ENDPOINT)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also try again the statements that gave up after repeated errors.",
        )

    def handle(self, *args, retry_failed=False, **options):
        if not lrs.is_configured():
            raise CommandError("XAPI_LRS_ENDPOINT is not set: there is no LRS to send to.")
        counts = send_due_statements(retry_failed=retry_failed)
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"xAPI statements tried: {summary}")
