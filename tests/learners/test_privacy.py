"""Export everything held about a learner; erase their personal data for good."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from learners.models import ErasureRecord, LearnerProfile
from learners.services import (
    LearnerError,
    erase_learner,
    export_learner_data,
    reactivate_learner,
)
from learners.signals import learner_erasing
from modules.models import Enrolment
from quizzes.models import QuestionResponse, QuizAttempt, TimeAllowance
from tests.quizzes.helpers import complete_lessons, take_quiz

User = get_user_model()
FREE_TEXT = "I would make sure the person is safe and tell the lead."


@pytest.fixture
def history(client_for, volunteer, quiz_module, quiz):
    """The volunteer completed the module: lessons, a passed quiz with a reflective answer."""
    profile = LearnerProfile.objects.get(user=volunteer)
    profile.display_name = "Valentina Volunteer"
    profile.region = "Wales"
    profile.team = "Cardiff drop-in"
    profile.save()
    complete_lessons(volunteer, quiz_module)
    attempt = take_quiz(client_for(volunteer), quiz)
    assert attempt.passed
    TimeAllowance.objects.create(user=volunteer, extra_minutes=15, reason="Dyslexia")
    return attempt


@pytest.mark.django_db
class TestExport:
    def test_export_holds_account_profile_progress_attempts_answers_and_extra_time(
        self, volunteer, history
    ):
        data = json.loads(json.dumps(export_learner_data(volunteer), default=str))
        assert data["format"] == "protect-training-learner-data"
        assert data["account"]["username"] == "volunteer"
        assert data["account"]["email"] == "volunteer@example.org"
        assert data["account"]["groups"] == ["Volunteers"]
        assert data["profile"]["display_name"] == "Valentina Volunteer"
        assert data["profile"]["team"] == "Cardiff drop-in"
        (enrolment,) = data["enrolments"]
        assert enrolment["completed_at"] is not None
        assert len(enrolment["lessons_completed"]) == 2
        (attempt,) = data["quiz_attempts"]
        assert attempt["passed"] is True
        assert len(attempt["answers"]) == 6
        texts = [a["response"].get("text") for a in attempt["answers"] if a["response"]]
        assert FREE_TEXT in texts
        assert data["extra_time"] == [
            {"quiz_id": None, "quiz_title": "", "extra_minutes": 15, "reason": "Dyslexia"}
        ]

    def test_command_prints_json_or_writes_a_file(self, volunteer, history, capsys, tmp_path):
        call_command("export_learner_data", "VOLUNTEER@example.org")
        assert json.loads(capsys.readouterr().out)["account"]["id"] == volunteer.pk
        target = tmp_path / "export.json"
        call_command("export_learner_data", "volunteer", "--output", str(target))
        assert json.loads(target.read_text())["quiz_attempts"]

    def test_command_refuses_an_unknown_learner(self, db):
        with pytest.raises(CommandError, match="No account"):
            call_command("export_learner_data", "nobody@example.org")


@pytest.mark.django_db
class TestErasure:
    def test_personal_data_goes_and_anonymous_aggregates_stay(self, volunteer, manager, history):
        users_before = User.objects.count()
        record = erase_learner(user=volunteer, erased_by=manager)

        volunteer.refresh_from_db()
        assert volunteer.username == f"erased-{volunteer.pk}"
        assert (volunteer.first_name, volunteer.last_name, volunteer.email) == ("", "", "")
        assert not volunteer.has_usable_password()
        assert not volunteer.is_active
        profile = LearnerProfile.objects.get(user=volunteer)
        assert (profile.display_name, profile.team) == ("", "")
        assert profile.erased_at is not None
        # Kept for anonymous counts: the account row, region, role, completion, scores, choices.
        assert User.objects.count() == users_before
        assert (profile.region, profile.role) == ("Wales", "Volunteers")
        assert Enrolment.objects.get(user=volunteer).completed_at is not None
        attempt = QuizAttempt.objects.get(user=volunteer)
        assert attempt.passed and attempt.score == history.score
        responses = QuestionResponse.objects.filter(attempt=attempt)
        assert responses.count() == 6
        assert responses.filter(is_correct=True).count() == 5
        # Free text and extra-time notes are gone.
        assert not any("text" in r.response for r in responses)
        assert not TimeAllowance.objects.filter(user=volunteer).exists()
        # What happened is recorded, without personal data.
        assert record.erased_by == manager
        assert record.summary["free_text_answers_deleted"] == 1
        assert record.summary["time_allowances_deleted"] == 1
        assert all(isinstance(count, int) for count in record.summary.values())
        exported = json.dumps(export_learner_data(volunteer), default=str)
        for personal in ("volunteer@example.org", "Valentina", "Cardiff", "Dyslexia", FREE_TEXT):
            assert personal not in exported

    def test_erasure_cannot_be_undone_or_repeated(self, volunteer, manager, history):
        erase_learner(user=volunteer, erased_by=manager)
        with pytest.raises(LearnerError, match="erased already"):
            erase_learner(user=volunteer, erased_by=manager)
        with pytest.raises(LearnerError, match="cannot return"):
            reactivate_learner(user=volunteer, by=manager)
        assert ErasureRecord.objects.filter(user=volunteer).count() == 1

    def test_a_failing_app_aborts_the_whole_erasure(self, volunteer, history):
        def refuse(sender, **kwargs):
            raise RuntimeError("storage unavailable")

        learner_erasing.connect(refuse, dispatch_uid="test-refuse")
        try:
            with pytest.raises(RuntimeError):
                erase_learner(user=volunteer)
        finally:
            learner_erasing.disconnect(dispatch_uid="test-refuse")
        volunteer.refresh_from_db()
        assert volunteer.email == "volunteer@example.org"
        assert TimeAllowance.objects.filter(user=volunteer).exists()
        assert not ErasureRecord.objects.exists()

    def test_managers_cannot_erase_themselves_or_admin_accounts(self, manager, trainer):
        with pytest.raises(LearnerError, match="your own account"):
            erase_learner(user=manager, erased_by=manager)
        with pytest.raises(LearnerError, match="administrator manages it"):
            erase_learner(user=trainer, erased_by=manager)

    def test_command_asks_for_the_username_before_erasing(self, volunteer, monkeypatch, capsys):
        monkeypatch.setattr("builtins.input", lambda prompt: "someone-else")
        with pytest.raises(CommandError, match="Not confirmed"):
            call_command("erase_learner", "volunteer@example.org")
        volunteer.refresh_from_db()
        assert volunteer.email == "volunteer@example.org"
        monkeypatch.setattr("builtins.input", lambda prompt: "volunteer")
        call_command("erase_learner", "volunteer@example.org")
        volunteer.refresh_from_db()
        assert volunteer.username == f"erased-{volunteer.pk}"
        assert "cannot be undone" in capsys.readouterr().out

    def test_command_with_yes_does_not_ask(self, volunteer, monkeypatch):
        monkeypatch.setattr("builtins.input", pytest.fail)
        call_command("erase_learner", "volunteer", "--yes")
        assert LearnerProfile.objects.get(user=volunteer).erased_at is not None
        with pytest.raises(CommandError, match="No account"):
            call_command("erase_learner", "volunteer", "--yes")
