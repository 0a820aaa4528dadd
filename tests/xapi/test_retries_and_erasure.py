"""
When the LRS is down or refuses: attempts and errors recorded, retried, given up after the limit;
erased learners: nothing recorded, nothing sent, queued statements dropped.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from learners.services import erase_learner, export_learner_data
from modules import services
from modules.models import LessonPage
from xapi.models import LearnerAgent, Statement, StatementStatus
from xapi.services import send_due_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(general_module):
    return LessonPage.objects.child_of(general_module).first()


def complete(user, lesson, capture):
    with capture(execute=True):
        services.mark_lesson_complete(user=user, lesson=lesson)


def test_lrs_down_keeps_the_statement_with_its_error_then_the_sweep_sends_it(
    lrs_down, ralph_lrs, settings, volunteer, lesson, django_capture_on_commit_callbacks
):
    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    row = Statement.objects.get(verb="completed")
    assert row.status == StatementStatus.PENDING
    assert row.attempts == 1 and row.sent_at is None
    assert "LRS not reachable" in row.last_error

    settings.XAPI_LRS_ENDPOINT = ralph_lrs.endpoint
    call_command("send_xapi_statements")
    row.refresh_from_db()
    assert row.status == StatementStatus.SENT and row.attempts == 2 and row.last_error == ""
    assert ralph_lrs.statement(row.pk)["id"] == str(row.pk)


def test_gives_up_after_the_attempt_limit_and_retry_failed_tries_again(
    lrs_down, ralph_lrs, settings, volunteer, lesson, django_capture_on_commit_callbacks
):
    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    send_due_statements()
    send_due_statements()
    row = Statement.objects.get(verb="completed")
    assert row.status == StatementStatus.FAILED and row.attempts == settings.XAPI_MAX_ATTEMPTS
    assert send_due_statements() == {}  # failed statements are left alone

    settings.XAPI_LRS_ENDPOINT = ralph_lrs.endpoint
    call_command("send_xapi_statements", "--retry-failed")
    row.refresh_from_db()
    assert row.status == StatementStatus.SENT


def test_wrong_credentials_record_the_lrs_answer(
    lrs, settings, volunteer, lesson, django_capture_on_commit_callbacks
):
    settings.XAPI_LRS_PASSWORD = "not-the-password"
    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    row = Statement.objects.get(verb="completed")
    assert row.status == StatementStatus.PENDING
    assert "LRS answered 401" in row.last_error
    assert lrs.statement(row.pk) is None


def test_a_deferring_task_backend_gets_the_retry_queued(
    lrs_down, settings, volunteer, lesson, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    from xapi.tasks import send_statement_task

    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    row = Statement.objects.get(verb="completed")

    def sends():  # other apps may queue their own tasks (emails) on the same backend
        return [
            result
            for result in default_task_backend.results
            if result.task.name == send_statement_task.name
        ]

    [queued] = [result for result in sends() if result.args == [str(row.pk)]]
    before = len(sends())
    send_statement_task.call(str(row.pk))  # the worker runs it; the LRS is down
    assert len(sends()) == before + 1
    retry = sends()[-1]
    assert retry.args == [str(row.pk)]
    assert retry.task.run_after is not None
    row.refresh_from_db()
    assert row.attempts == 1


def test_command_refuses_without_an_lrs(settings):
    settings.XAPI_LRS_ENDPOINT = ""
    with pytest.raises(CommandError, match="XAPI_LRS_ENDPOINT is not set"):
        call_command("send_xapi_statements")


def test_erasure_drops_queued_statements_and_sends_nothing_after(
    lrs_down,
    ralph_lrs,
    settings,
    volunteer,
    manager,
    lesson,
    general_module,
    django_capture_on_commit_callbacks,
):
    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    queued = Statement.objects.get(verb="completed")
    name = str(LearnerAgent.objects.get(user=volunteer).name)

    with django_capture_on_commit_callbacks(execute=True):
        record = erase_learner(user=volunteer, erased_by=manager)
    assert record.summary.get("xapi_statements_dropped") == 1
    assert not Statement.objects.filter(pk=queued.pk).exists()
    assert not LearnerAgent.objects.filter(user=volunteer).exists()

    settings.XAPI_LRS_ENDPOINT = ralph_lrs.endpoint
    volunteer.refresh_from_db()
    later = LessonPage.objects.child_of(general_module).last()
    complete(volunteer, later, django_capture_on_commit_callbacks)
    call_command("send_xapi_statements")
    assert not Statement.objects.exists()
    assert ralph_lrs.statements_for(name, "http://localhost") == []


def test_statement_recorded_in_the_erasing_transaction_is_deleted_not_sent(
    lrs, volunteer, lesson, django_capture_on_commit_callbacks
):
    """A statement queued just before erasure (by another request) is dropped at send time."""
    from learners.models import LearnerProfile
    from xapi.services import send_statement

    with django_capture_on_commit_callbacks(execute=False):
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
    row = Statement.objects.get(verb="completed")
    LearnerProfile.objects.filter(user=volunteer).update(erased_at="2026-01-01T00:00:00Z")
    assert send_statement(row.pk).status == "dropped"
    assert not Statement.objects.exists()
    assert lrs.statement(row.pk) is None


def test_learner_export_lists_the_statements(
    lrs, volunteer, lesson, django_capture_on_commit_callbacks
):
    complete(volunteer, lesson, django_capture_on_commit_callbacks)
    [row] = export_learner_data(volunteer)["xapi_statements"]
    assert row["verb"] == "completed" and row["status"] == StatementStatus.SENT


class TestConstraints:
    def test_duplicate_statement_id_raises(self, volunteer):
        Statement.objects.create(id="6fbd600f-d17c-4c74-801a-2ec2e53231e7", verb="completed")
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.create(id="6fbd600f-d17c-4c74-801a-2ec2e53231e7", verb="answered")

    def test_sent_needs_a_time(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.create(
                id="6fbd600f-d17c-4c74-801a-2ec2e53231e8", verb="completed", status="sent"
            )

    def test_unknown_verb_and_status_raise(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.create(id="6fbd600f-d17c-4c74-801a-2ec2e53231e9", verb="liked")
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.create(
                id="6fbd600f-d17c-4c74-801a-2ec2e53231ea", verb="completed", status="lost"
            )

    def test_one_agent_per_learner(self, volunteer):
        LearnerAgent.objects.create(user=volunteer)
        with pytest.raises(IntegrityError), transaction.atomic():
            LearnerAgent.objects.create(user=volunteer)


def test_the_statement_outbox_never_makes_a_learner_page_stale():
    from elearning import freshness

    for table in ("xapi_statement", "xapi_learneragent"):
        assert table in freshness.UNTRACKED_TABLES
