"""``manage.py reset_two_factor USER``: forget a person's authenticator app (lost phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove the authenticator app of USER (username), so that at the next sign-in to the "
        "admin they set up a new one. Check who is asking before you run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with the username {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            f"Removed {removed} authenticator app(s) of {username}; they set up a new one at "
            "their next sign-in to the admin."
        )
