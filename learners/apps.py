"""
Learners, their roles and the groups that carry them.

A role is what a person does in the organisation (volunteer, staff member, caseworker, trainer,
training manager). Each role is a Django group with a fixed name, so that module audiences and
admin permissions can both be expressed as "members of this group". The groups and their
permissions are (re)created after every ``migrate``; see :mod:`learners.groups`.

Beyond roles, this app holds the learner profile, the CSV import with invitations, and the
privacy tools (export of everything held about a learner, erasure); apps above it take part in
export and erasure through the signals in :mod:`learners.signals`.
"""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    from learners.groups import ensure_role_groups

    ensure_role_groups()


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = _("Learners")

    def ready(self):
        from elearning.freshness import register_learner_records
        from learners import receivers  # noqa: F401  (profiles and roles follow the accounts)
        from learners.models import LearnerProfile

        # A learner's own writes to their profile make only their own cached pages stale.
        register_learner_records(LearnerProfile)

        # post_migrate is sent only for apps with models; auth always has them, and the handler
        # creates every app's permissions itself, so the order of apps does not matter.
        post_migrate.connect(
            _ensure_role_groups,
            sender=apps.get_app_config("auth"),
            dispatch_uid="learners-role-groups",
        )
