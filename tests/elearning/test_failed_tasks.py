"""The admin's "Failed tasks" page: managers see the dead letter and retry or discard it
(POST with a CSRF token, audited); nobody else sees it."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from elearning.models import TaskFailure
from tests.elearning.tasks_for_tests import always_fails

LIST_URL = "/admin/failed-tasks/"


@pytest.fixture
def failed_email(db):
    """A test email whose last attempt failed (the mail server was down)."""
    return TaskFailure.objects.create(
        task_path="elearning.emails.send_test_email",
        arguments={"args": ["learner@example.org"], "kwargs": {}},
        backend="default",
        queue_name="default",
        attempt=5,
        error="smtplib.SMTPServerDisconnected",
        traceback="Traceback (most recent call last): ... SMTPServerDisconnected",
        status=TaskFailure.Status.WAITING,
    )


def test_manager_sees_the_failure_with_its_error(client_for, manager, failed_email):
    response = client_for(manager).get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "send_test_email" in page
    assert "smtplib.SMTPServerDisconnected" in page
    assert "1 task is waiting for a decision." in page
    assert f'action="/admin/failed-tasks/{failed_email.uuid}/retry/"' in page


def test_reports_menu_shows_failed_tasks_to_managers_only(client_for, manager, trainer):
    assert LIST_URL in client_for(manager).get("/admin/").content.decode()
    assert LIST_URL not in client_for(trainer).get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["trainer", "volunteer"])
def test_others_are_refused(client_for, request, role, failed_email):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(LIST_URL).status_code in (302, 403)
    response = client.post(f"/admin/failed-tasks/{failed_email.uuid}/retry/")
    assert response.status_code in (302, 403)
    failed_email.refresh_from_db()
    assert failed_email.status == TaskFailure.Status.WAITING


def test_retry_queues_the_task_again_and_is_audited(
    client_for, manager, failed_email, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(f"/admin/failed-tasks/{failed_email.uuid}/retry/")
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == TaskFailure.Status.RETRIED
    assert failed_email.decided_by == manager
    assert failed_email.decided_at is not None
    # Tasks run at once here: the email went as soon as the decision committed.
    assert [message.to for message in mailoutbox] == [["learner@example.org"]]
    entry = ModelLogEntry.objects.get(action="protect.retry_task")
    assert entry.user_id == manager.pk
    assert entry.data["task"] == "elearning.emails.send_test_email"
    listing = client_for(manager).get(LIST_URL).content.decode()
    assert "No failed tasks are waiting." in listing
    assert "Queued again by hand" in listing


def test_discard_keeps_the_row_and_is_audited(client_for, manager, failed_email, mailoutbox):
    response = client_for(manager).post(f"/admin/failed-tasks/{failed_email.uuid}/discard/")
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == TaskFailure.Status.DISCARDED
    assert mailoutbox == []
    assert ModelLogEntry.objects.filter(action="protect.discard_task").count() == 1


def test_a_decided_task_cannot_be_decided_again(client_for, manager, failed_email, mailoutbox):
    client = client_for(manager)
    client.post(f"/admin/failed-tasks/{failed_email.uuid}/discard/")
    response = client.post(f"/admin/failed-tasks/{failed_email.uuid}/retry/", follow=True)
    assert "Someone has already retried or discarded this task." in response.content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == TaskFailure.Status.DISCARDED
    assert mailoutbox == []
    assert ModelLogEntry.objects.filter(action="protect.retry_task").count() == 0


def test_get_on_an_action_is_refused(client_for, manager, failed_email):
    assert (
        client_for(manager).get(f"/admin/failed-tasks/{failed_email.uuid}/retry/").status_code
        == 405
    )


def test_actions_need_the_csrf_token(manager, failed_email):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(f"/admin/failed-tasks/{failed_email.uuid}/discard/").status_code == 403
    failed_email.refresh_from_db()
    assert failed_email.status == TaskFailure.Status.WAITING


def test_unknown_task_is_404(client_for, manager, db):
    url = "/admin/failed-tasks/00000000-0000-4000-8000-000000000000/retry/"
    assert client_for(manager).post(url).status_code == 404


def test_retrying_a_task_that_fails_again_makes_a_new_failure(
    client_for, manager, db, django_capture_on_commit_callbacks
):
    always_fails.enqueue(9)  # runs at once here, fails, waits
    failure = TaskFailure.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(f"/admin/failed-tasks/{failure.uuid}/retry/")
    assert list(TaskFailure.objects.order_by("id").values_list("status", flat=True)) == [
        "retried",
        "waiting",
    ]
