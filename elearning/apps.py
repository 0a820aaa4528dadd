from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "elearning"
    verbose_name = _("Training platform")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.urls import register_converter
        from django_tasks.signals import task_finished

        from elearning import checks, freshness, observability, task_queue, throttle  # noqa: F401
        from elearning.ids import IdConverter

        # <id:...> in URL patterns: bounded ids (elearning/ids.py).
        register_converter(IdConverter, "id")

        # Every write replaces a freshness stamp (see elearning/freshness.py).
        connection_created.connect(freshness.install, dispatch_uid="elearning-freshness")
        pre_migrate.connect(freshness.pause_tracking, dispatch_uid="elearning-freshness-pause")
        post_migrate.connect(freshness.resume_tracking, dispatch_uid="elearning-freshness-resume")
        # Slow statements are logged (elearning/observability.py).
        connection_created.connect(
            observability.install_slow_query_log, dispatch_uid="elearning-slow-query-log"
        )
        # A failed background task is retried, then kept for a manager (elearning/task_queue.py).
        task_finished.connect(task_queue.task_finished, dispatch_uid="elearning-task-failures")
        user_logged_in.connect(
            throttle.forget_account_failures, dispatch_uid="elearning-forget-account-failures"
        )
        # The account and its groups are not learner records: a learner page reads them from the
        # content memo (elearning/permissions.py), so any write to them replaces the shared token.
