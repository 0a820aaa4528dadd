"""Reflective answers are kept only for the retention period; the purge is idempotent."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from quizzes.models import QuestionResponse
from tests.quizzes.helpers import complete_lessons, take_quiz


@pytest.fixture
def answered(client_for, volunteer, quiz_module, quiz):
    """A submitted attempt with one reflective answer (written now)."""
    complete_lessons(volunteer, quiz_module)
    return take_quiz(client_for(volunteer), quiz)


def free_text(attempt):
    return next(r for r in attempt.responses.all() if r.position == 5)


@pytest.mark.django_db
def test_answers_are_kept_until_the_period_ends_then_purged_once(answered, settings, capsys):
    settings.FREE_TEXT_RETENTION_DAYS = 365
    written = free_text(answered).saved_at
    with time_machine.travel(written + timedelta(days=364), tick=False):
        call_command("purge_free_text_answers")
    assert "Purged 0 free-text answers older than 365 days." in capsys.readouterr().out
    assert "text" in free_text(answered).response

    with time_machine.travel(written + timedelta(days=366), tick=False):
        call_command("purge_free_text_answers")
        assert "Purged 1 free-text answer older than 365 days." in capsys.readouterr().out
        call_command("purge_free_text_answers")
        assert "Purged 0 free-text answers" in capsys.readouterr().out

    purged = free_text(answered)
    purge_day = timezone.localtime(written + timedelta(days=366)).date()
    assert purged.response == {"removed": "retention", "removed_at": purge_day.isoformat()}
    # Everything else about the attempt stays.
    answered.refresh_from_db()
    assert answered.passed
    assert QuestionResponse.objects.filter(attempt=answered, is_correct=True).count() == 5


@pytest.mark.django_db
def test_days_option_overrides_the_setting(answered, capsys):
    with time_machine.travel(free_text(answered).saved_at + timedelta(days=31), tick=False):
        call_command("purge_free_text_answers", "--days", "30")
    assert "Purged 1 free-text answer older than 30 days." in capsys.readouterr().out
