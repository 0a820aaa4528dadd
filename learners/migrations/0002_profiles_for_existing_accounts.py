"""Give every account that exists already a learner profile, its role read from its groups."""

from django.conf import settings
from django.db import migrations

# Most senior first, as in learners.roles.ROLE_PRECEDENCE (frozen here: migrations keep history).
ROLE_PRECEDENCE = ("Training managers", "Trainers", "Caseworkers", "Staff", "Volunteers")


def create_profiles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    LearnerProfile = apps.get_model("learners", "LearnerProfile")
    for user in User.objects.filter(learner_profile__isnull=True).prefetch_related("groups"):
        names = {group.name for group in user.groups.all()}
        role = next((name for name in ROLE_PRECEDENCE if name in names), "")
        LearnerProfile.objects.create(user=user, role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
