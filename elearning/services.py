"""
Writes of the project glue: failed background tasks (:mod:`elearning.task_queue`) and
spreadsheet exports built by the worker (:mod:`elearning.exports`).

A failure is recorded, and the task queued again or left for a manager, in one transaction;
a manager's retry or discard is a status change with an audit entry
(``protect.retry_task`` / ``protect.discard_task``).
"""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from elearning import audit
from elearning.models import SpreadsheetExport, TaskFailure

__all__ = [
    "TaskDecisionError",
    "build_export",
    "discard_failed_task",
    "purge_expired_exports",
    "record_task_failure",
    "request_export",
    "retry_delay",
    "retry_failed_task",
]

logger = logging.getLogger("elearning.task_queue")


class TaskDecisionError(Exception):
    """A retry or discard that cannot be done (someone decided already)."""


def retry_delay(attempt):
    """How long to wait before running again a task whose ``attempt``-th run failed."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** (attempt - 1))


def _attempt_of(task_result_id):
    previous = (
        TaskFailure.objects.filter(retry_task_result_id=str(task_result_id))
        .values_list("attempt", flat=True)
        .first()
    )
    return (previous or 0) + 1


@transaction.atomic
def record_task_failure(task_result, *, now=None):
    """Record a failed run; queue it again after a delay, or leave it for a manager.

    Only the database queue retries: where tasks run at once (the immediate backend) a retry
    would make the request that queued the task wait, so the first failure is the last.
    """
    now = now or timezone.now()
    db_result = getattr(task_result, "db_result", None)
    attempt = _attempt_of(task_result.id)
    error = task_result.errors[-1] if task_result.errors else None
    failure = TaskFailure(
        task_path=task_result.task.module_path,
        arguments={"args": list(task_result.args), "kwargs": dict(task_result.kwargs)},
        backend=task_result.backend,
        queue_name=task_result.task.queue_name,
        task_result_id=str(task_result.id),
        attempt=attempt,
        error=(error.exception_class_path if error else "")[:255],
        traceback=error.traceback if error else "",
        failed_at=now,
        status=TaskFailure.Status.WAITING,
    )
    if db_result is not None and attempt < settings.TASK_MAX_ATTEMPTS:
        from django_tasks_db.models import DBTaskResult

        retry = DBTaskResult.objects.create(
            args_kwargs=db_result.args_kwargs,
            priority=db_result.priority,
            task_path=db_result.task_path,
            queue_name=db_result.queue_name,
            backend_name=db_result.backend_name,
            run_after=now + retry_delay(attempt),
        )
        failure.status = TaskFailure.Status.RETRYING
        failure.retry_task_result_id = str(retry.pk)
        logger.warning(
            "Task %s failed (attempt %d of %d, %s); runs again at %s",
            failure.task_name,
            attempt,
            settings.TASK_MAX_ATTEMPTS,
            failure.error,
            retry.run_after.isoformat(),
        )
    else:
        logger.error(
            "Task %s failed on its last attempt (%d, %s); see Failed tasks in the admin",
            failure.task_name,
            attempt,
            failure.error,
        )
    failure.save()
    return failure


def _decide(failure, status, user, now):
    updated = TaskFailure.objects.filter(pk=failure.pk, status=TaskFailure.Status.WAITING).update(
        status=status, decided_by=user, decided_at=now
    )
    if not updated:
        raise TaskDecisionError("Someone has already retried or discarded this task.")
    failure.refresh_from_db()


@transaction.atomic
def retry_failed_task(failure, *, user, now=None):
    """Queue a dead-letter task again, from its first attempt, once this transaction commits."""
    now = now or timezone.now()
    task = import_string(failure.task_path)
    _decide(failure, TaskFailure.Status.RETRIED, user, now)
    audit.record(
        failure,
        "protect.retry_task",
        user=user,
        data={"task": failure.task_path, "attempt": failure.attempt},
    )
    args = failure.arguments.get("args", [])
    kwargs = failure.arguments.get("kwargs", {})
    queued = task.using(queue_name=failure.queue_name, backend=failure.backend)
    transaction.on_commit(lambda: queued.enqueue(*args, **kwargs))
    return failure


@transaction.atomic
def discard_failed_task(failure, *, user, now=None):
    """Give up on a dead-letter task: it stays listed as discarded, with who and when."""
    _decide(failure, TaskFailure.Status.DISCARDED, user, now or timezone.now())
    audit.record(failure, "protect.discard_task", user=user, data={"task": failure.task_path})
    return failure


def request_export(*, user, title, path, filters, export_format, filename, permission=""):
    """Record a manager's request for an export; the caller queues its build.

    The caller queues ``elearning.export_tasks.build_spreadsheet_export`` at once, not after
    the transaction commits: the database queue lives in the same database, so its row and the
    export's commit or roll back together, and where tasks run at once the file is ready when
    the request answers.
    """
    now = timezone.now()
    return SpreadsheetExport.objects.create(
        requested_by=user,
        title=str(title)[:200],
        path=path[:500],
        filters=filters,
        export_format=export_format,
        filename=filename[:200],
        permission=permission or "",
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS),
    )


def build_export(export_id, *, retried=False):
    """Build the file of a requested export (the worker's part); return the export or None.

    Idempotent: an export already built, or purged meanwhile, is left alone. A manager who lost
    the report's permission gets no file (the export fails, without retries). Any other error
    is counted and raised again; when the task queue will run it again (``retried``, the
    database queue) the export still reads as being prepared, until its last attempt.
    """
    from elearning.db_routers import reading_from_replica
    from elearning.exports import ExportRefused, write_export

    export = (
        SpreadsheetExport.objects.using("default")
        .select_related("requested_by")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status == SpreadsheetExport.Status.READY:
        return export
    user = export.requested_by
    try:
        # Read on the primary, before the replica block: a permission just taken away counts.
        if export.permission and not user.has_perm(export.permission):
            raise ExportRefused(f"{user} no longer holds {export.permission}")
        with reading_from_replica():
            output = write_export(export)
    except ExportRefused as refused:
        SpreadsheetExport.objects.filter(pk=export.pk).update(
            status=SpreadsheetExport.Status.FAILED,
            error=f"Refused: {refused}"[:255],
            finished_at=timezone.now(),
        )
        return None
    except Exception as error:
        failures = export.failures + 1
        last = not retried or failures >= settings.TASK_MAX_ATTEMPTS
        SpreadsheetExport.objects.filter(pk=export.pk).update(
            failures=failures,
            error=f"{type(error).__name__}: {error}"[:255],
            status=SpreadsheetExport.Status.FAILED if last else SpreadsheetExport.Status.QUEUED,
        )
        raise
    with output:
        output.seek(0, 2)
        size = output.tell()
        output.seek(0)
        name = default_storage.save(f"exports/{export.uuid}.{export.export_format}", output)
    SpreadsheetExport.objects.filter(pk=export.pk).update(
        status=SpreadsheetExport.Status.READY,
        file=name,
        size=size,
        error="",
        finished_at=timezone.now(),
    )
    export.refresh_from_db(using="default")
    return export


def delete_exports_made_before(moment):
    """Delete every export asked for before ``moment`` and its file; return how many.

    A spreadsheet lists many learners, so when one is erased the files that may name them go
    at once rather than at their expiry (managers ask again and get the list without them).
    """
    count = 0
    for export in SpreadsheetExport.objects.filter(created_at__lte=moment).only("pk", "file"):
        if export.file.name:
            default_storage.delete(export.file.name)
        export.delete()
        count += 1
    return count


def purge_expired_exports(*, now=None):
    """Delete the exports past ``expires_at`` and their files; return how many."""
    count = 0
    for export in SpreadsheetExport.objects.expired(now).only("pk", "file"):
        if export.file.name:
            default_storage.delete(export.file.name)
        export.delete()
        count += 1
    return count
