"""A password-reset request answers at once and queues the email; the worker makes the link.

The queue row holds the account's id and address, never the link or its token.
"""

import re

import pytest
from django_tasks_db.models import DBTaskResult

from tests.elearning.test_task_queue import run_worker


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_reset_request_queues_the_email_without_the_link(
    client, volunteer, catalogue, mailoutbox, database_queue
):
    response = client.post("/accounts/password_reset/", {"email": volunteer.email})
    assert response.status_code == 302
    assert mailoutbox == []  # the request did not wait for the email
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "elearning.emails.send_password_reset_email"
    assert queued.args_kwargs["args"] == [volunteer.pk]
    assert "reset" not in str(queued.args_kwargs)  # no link, no token

    run_worker()
    assert [message.to for message in mailoutbox] == [[volunteer.email]]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()


@pytest.mark.django_db
def test_no_email_when_the_address_changed_before_the_worker_ran(
    client, volunteer, catalogue, mailoutbox, database_queue
):
    old_address = volunteer.email
    client.post("/accounts/password_reset/", {"email": old_address})
    volunteer.email = "new-address@example.org"
    volunteer.save()
    run_worker()
    assert mailoutbox == []
    assert DBTaskResult.objects.get().return_value is False
