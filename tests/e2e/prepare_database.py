"""
Build the database that every browser test starts from: ``python -m tests.e2e.prepare_database``.

Run in a subprocess with ``DJANGO_SETTINGS_MODULE=tests.e2e.settings``: it migrates a fresh
SQLite file, loads the default training content exactly as ``make run`` does, and adds one
account per role (the accounts of DESIGN.md, with the password of the test factories), and
a training lead (``lead``).
``create_demo_users`` is not used because it refuses to run outside the dev settings.
"""

import django


def main():
    django.setup()
    from django.core.management import call_command

    from learners.roles import Role
    from tests.factories import UserFactory

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_training_content", verbosity=0)
    accounts = {
        "volunteer": ("Val", "Volunteer", [Role.VOLUNTEER]),
        "caseworker": ("Cas", "Caseworker", [Role.STAFF, Role.CASEWORKER]),
        "trainer": ("Tara", "Trainer", [Role.STAFF, Role.TRAINER]),
        "manager": ("Mani", "Manager", [Role.STAFF, Role.TRAINING_MANAGER]),
    }
    for username, (first, last, roles) in accounts.items():
        UserFactory(username=username, first_name=first, last_name=last, roles=roles)
    # A training lead: a trainer who also approves (and so publishes) what trainers submit.
    from django.contrib.auth.models import Group

    from learners.groups import TRAINING_LEADS_GROUP

    lead = UserFactory(
        username="lead", first_name="Lee", last_name="Lead", roles=[Role.STAFF, Role.TRAINER]
    )
    lead.groups.add(Group.objects.get(name=TRAINING_LEADS_GROUP))


if __name__ == "__main__":
    main()
