"""``manage.py send_test_email ADDRESS``: queue an email for the task worker to send."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from elearning.emails import send_test_email
from elearning.task_queue import uses_database_queue


class Command(BaseCommand):
    help = (
        "Queue a short email to ADDRESS. With the database queue it arrives only if a worker "
        "(manage.py db_worker) is running and the email settings work."
    )

    def add_arguments(self, parser):
        parser.add_argument("address")

    def handle(self, *args, address, **options):
        try:
            validate_email(address)
        except ValidationError as error:
            raise CommandError(f"{address!r} is not an email address.") from error
        result = send_test_email.enqueue(address)
        if uses_database_queue():
            self.stdout.write(f"Queued task {result.id}: the worker sends it to {address}.")
        else:
            self.stdout.write(f"Sent to {address} at once (tasks run immediately here).")
