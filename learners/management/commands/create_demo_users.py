"""
Create the demo accounts of DESIGN.md: volunteer, caseworker, trainer, lead, manager, admin.

``lead`` is a trainer in "Training leads", who approves what ``trainer`` submits.

For local development and demonstrations only: the command refuses to run unless the settings
allow demo accounts (``ELEARNING_ALLOW_DEMO_USERS``, true only in ``elearning.settings.dev``).
The password is ``DEMO_PASSWORD`` from the environment, or the default written in README.md.
Safe to run twice: existing accounts get their groups and password reset.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learners.groups import TRAINING_LEADS_GROUP
from learners.roles import Role

DEFAULT_DEMO_PASSWORD = "protect-demo-2026"

#: Groups beyond the roles' own: the lead approves what trainers submit.
EXTRA_GROUPS = {"lead": [TRAINING_LEADS_GROUP]}

DEMO_ACCOUNTS = [
    # username, first name, last name, roles, superuser
    ("volunteer", "Val", "Volunteer", [Role.VOLUNTEER], False),
    ("caseworker", "Cas", "Caseworker", [Role.STAFF, Role.CASEWORKER], False),
    ("trainer", "Tara", "Trainer", [Role.STAFF, Role.TRAINER], False),
    ("lead", "Lee", "Lead", [Role.STAFF, Role.TRAINER], False),
    ("manager", "Mani", "Manager", [Role.STAFF, Role.TRAINING_MANAGER], False),
    ("admin", "Ada", "Admin", [Role.STAFF], True),
]


class Command(BaseCommand):
    help = "Create the demo accounts (development only)."

    def handle(self, *args, **options):
        if not getattr(settings, "ELEARNING_ALLOW_DEMO_USERS", False):
            raise CommandError(
                "Demo accounts are disabled in these settings (ELEARNING_ALLOW_DEMO_USERS is off)."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        User = get_user_model()
        with transaction.atomic():
            for username, first, last, roles, superuser in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last},
                )
                user.email = f"{username}@example.org"
                user.is_active = True
                user.is_staff = superuser
                user.is_superuser = superuser
                user.set_password(password)
                user.save()
                names = [r.group_name for r in roles] + EXTRA_GROUPS.get(username, [])
                user.groups.set(Group.objects.filter(name__in=names))
                verb = "Created" if created else "Updated"
                self.stdout.write(
                    f"{verb} {username:<11} ({', '.join(str(r.label) for r in roles)})"
                )
        self.stdout.write(self.style.SUCCESS(f"Demo password: {password}"))
