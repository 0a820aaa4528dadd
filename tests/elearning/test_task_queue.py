"""A failed task is retried with a growing delay, then waits on the "Failed tasks" page.

The database queue runs in this process here (``db_worker --batch``); the test that starts the
worker as its own process is ``test_worker_process.py``.
"""

import datetime
import signal
from signal import SIGINT, SIGQUIT, SIGTERM
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from elearning.models import TaskFailure
from elearning.task_queue import oldest_ready_task_age
from tests.elearning.tasks_for_tests import always_fails

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    # django-tasks reads its backends again when TASKS changes (and when the test restores it).
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY_SECONDS = 30


def run_worker():
    """Run every due task in this process, then return.

    The worker closes connections it thinks are stale between tasks; inside a test's
    transaction that would close the test's own connection on PostgreSQL, so not here. It also
    takes over SIGINT, SIGTERM and SIGQUIT (a graceful shutdown); they are given back to the
    test run afterwards, or a later Ctrl+C or a CI timeout would only raise SystemExit in
    whichever test was running.
    """
    handlers = {name: signal.getsignal(name) for name in (SIGINT, SIGTERM, SIGQUIT)}
    try:
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for name, handler in handlers.items():
            signal.signal(name, handler)


def make_retries_due():
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_failed_task_runs_again_later_with_a_doubling_delay(database_queue):
    always_fails.enqueue(7)
    before = timezone.now()
    run_worker()

    first = TaskFailure.objects.get()
    assert first.status == TaskFailure.Status.RETRYING
    assert first.attempt == 1
    assert first.error == "tests.elearning.tasks_for_tests.MailServerDown"
    assert "could not send to learner 7" in first.traceback
    retry = DBTaskResult.objects.get(pk=first.retry_task_result_id)
    assert retry.status == "READY"
    assert retry.args_kwargs == {"args": [7], "kwargs": {}}
    assert 29 <= (retry.run_after - before).total_seconds() <= 40

    run_worker()  # not due yet: nothing runs
    assert TaskFailure.objects.count() == 1

    make_retries_due()
    run_worker()
    second = TaskFailure.objects.get(attempt=2)
    assert second.status == TaskFailure.Status.RETRYING
    delay = DBTaskResult.objects.get(pk=second.retry_task_result_id).run_after - second.failed_at
    assert delay == datetime.timedelta(seconds=60)


@pytest.mark.django_db
def test_last_attempt_waits_for_a_manager_and_is_not_queued_again(database_queue):
    always_fails.enqueue(7)
    for _attempt in range(3):
        run_worker()
        make_retries_due()
    run_worker()

    assert list(TaskFailure.objects.order_by("attempt").values_list("attempt", "status")) == [
        (1, "retrying"),
        (2, "retrying"),
        (3, "waiting"),
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert list(TaskFailure.objects.waiting().values_list("attempt", flat=True)) == [3]


@pytest.mark.django_db
def test_immediate_failure_waits_at_once_and_the_request_is_not_broken():
    result = always_fails.enqueue(3)
    assert result.status == "FAILED"
    failure = TaskFailure.objects.get()
    assert (failure.status, failure.attempt, failure.arguments) == (
        "waiting",
        1,
        {"args": [3], "kwargs": {}},
    )


@pytest.mark.django_db
def test_queue_age_is_the_oldest_ready_task(database_queue):
    assert oldest_ready_task_age() == 0.0
    always_fails.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    assert 599 <= oldest_ready_task_age() <= 610
    # A task queued for later has waited only since it became due.
    DBTaskResult.objects.update(run_after=timezone.now() + datetime.timedelta(minutes=5))
    assert oldest_ready_task_age() == 0.0


@pytest.mark.django_db
def test_queue_age_is_none_where_tasks_run_at_once():
    assert oldest_ready_task_age() is None


@pytest.mark.django_db
def test_attempt_must_be_at_least_one():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFailure.objects.create(
            task_path="x.y", backend="default", queue_name="default", attempt=0, status="waiting"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFailure.objects.create(
            task_path="x.y", backend="default", queue_name="default", attempt=1, status="retried"
        )


@pytest.mark.django_db
def test_queueing_and_running_tasks_keeps_learners_cached_pages(database_queue, volunteer):
    """The queue's own rows show on no page: a task queued, claimed, finished or failed leaves
    the shared freshness token alone (else every email would empty the learner page cache)."""
    from django.db import connection

    from elearning import freshness
    from elearning.emails import send_test_email

    before = freshness.read_tokens(connection, freshness.CONTENT)
    send_test_email.enqueue("learner@example.org")
    always_fails.enqueue(1)
    run_worker()
    sent = DBTaskResult.objects.filter(
        status="SUCCESSFUL", task_path="elearning.emails.send_test_email"
    )
    assert [row.args_kwargs["args"] for row in sent] == [["learner@example.org"]]
    assert TaskFailure.objects.filter(task_path__endswith="always_fails").count() == 1
    assert freshness.read_tokens(connection, freshness.CONTENT) == before
