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
        # post_migrate is sent only for apps with models; auth always has them, and the handler
        # creates every app's permissions itself, so the order of apps does not matter.
        post_migrate.connect(
            _ensure_role_groups,
            sender=apps.get_app_config("auth"),
            dispatch_uid="learners-role-groups",
        )
