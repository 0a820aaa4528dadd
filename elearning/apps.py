from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "elearning"
    verbose_name = _("Training platform")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.urls import register_converter

        from elearning import checks, freshness, throttle  # noqa: F401 (checks register)
        from elearning.ids import IdConverter

        # <id:...> in URL patterns: bounded ids (elearning/ids.py).
        register_converter(IdConverter, "id")

        # Every write replaces a freshness stamp (see elearning/freshness.py).
        connection_created.connect(freshness.install, dispatch_uid="elearning-freshness")
        pre_migrate.connect(freshness.pause_tracking, dispatch_uid="elearning-freshness-pause")
        post_migrate.connect(freshness.resume_tracking, dispatch_uid="elearning-freshness-resume")
        user_logged_in.connect(
            throttle.forget_account_failures, dispatch_uid="elearning-forget-account-failures"
        )
        User = get_user_model()
        freshness.register_learner_records(User, User.groups.through)
