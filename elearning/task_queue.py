"""
The task queue: where background work waits, how a failure is retried, how old the queue is.

Views and services never wait for email, PDFs or exports: they queue a ``django-tasks`` task
(after their transaction commits) and answer. Where ``TASKS`` names the immediate backend (a
laptop, the tests) the task runs at once in the same process; in production it is the database
backend of ``django-tasks-db``: a row in ``django_tasks_database_dbtaskresult`` that a separate
process, ``manage.py db_worker`` (``make worker``), claims and runs.

Django's task framework does not retry. :func:`task_finished` listens to every finished task
and hands a failure to :func:`elearning.services.record_task_failure`, which queues the task
again with a growing delay (``TASK_RETRY_DELAY_SECONDS`` doubled each time) until it has run
``TASK_MAX_ATTEMPTS`` times, then leaves it on the admin's "Failed tasks" page (the dead
letter, :class:`elearning.models.TaskFailure`).

:func:`oldest_ready_task_age` is what ``/healthz`` reports: a queue whose oldest ready task
waits for minutes means no worker is running, or too few.
"""

import logging

from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)


def uses_database_queue(alias="default"):
    """True when tasks queued on ``alias`` wait in the database for a worker."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def oldest_ready_task_age(alias="default"):
    """Seconds the oldest task ready to run has waited, 0 if none; None without a queue."""
    if not uses_database_queue(alias):
        return None
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().filter(backend_name=alias)
    # A task queued for later is "ready" only from its run_after; it has waited since then.
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    if oldest is None:
        return 0.0
    enqueued_at, run_after = oldest
    started_waiting = max(enqueued_at, run_after) if run_after.year < 9999 else enqueued_at
    return max(0.0, (timezone.now() - started_waiting).total_seconds())


def task_finished(sender, task_result, **kwargs):
    """Receiver of ``django_tasks.signals.task_finished``: a failure is retried or recorded."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    from elearning.services import record_task_failure

    try:
        record_task_failure(task_result)
    except Exception:
        # The worker must go on with the next task; the failure stays FAILED in the queue table.
        logger.exception("Could not record the failure of task %s", task_result.id)
