"""
xAPI statements reach a real LRS (Ralph) and read back as sent: lessons, quiz, scenario
decisions, certificates; the actor is an anonymised account; activity ids are stable.
"""

import json

import pytest

from certificates.models import Certificate, RevocationReason
from certificates.services import revoke_certificate
from modules.models import LessonPage
from tests.factories import build_module
from tests.factories.questions import build_quiz, scenario
from tests.quizzes.helpers import (
    complete_lessons,
    question_url,
    scenario_stage_data,
    start,
    take_quiz,
)
from tests.quizzes.helpers import submit as submit_attempt
from xapi.models import LearnerAgent, Statement, StatementStatus

pytestmark = pytest.mark.django_db

SITE = "http://localhost"


def agent_name(user):
    return str(LearnerAgent.objects.get(user=user).name)


def sent(verb):
    rows = list(Statement.objects.filter(verb=verb))
    assert rows, f"no {verb} statement recorded"
    for row in rows:
        assert row.status == StatementStatus.SENT, (row.last_error, row.attempts)
        assert row.sent_at is not None and row.attempts == 1
    return rows


def test_lesson_experienced_and_completed_read_back_from_the_lrs(
    lrs, client_for, volunteer, general_module, django_capture_on_commit_callbacks
):
    lesson = LessonPage.objects.child_of(general_module).first()
    client = client_for(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(lesson.url).status_code == 200
        client.get(lesson.url)  # the same day again: still one "experienced"
        response = client.post(lesson.url, {"action": "complete"})
    assert response.status_code == 302

    [experienced] = sent("experienced")
    [completed] = sent("completed")
    stored = lrs.statement(completed.pk)
    assert stored["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert stored["object"]["id"] == (f"{SITE}/xapi/activities/page/{lesson.translation_key}")
    assert stored["actor"]["account"] == {"homePage": SITE, "name": agent_name(volunteer)}
    parent = stored["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == f"{SITE}/xapi/activities/page/{general_module.translation_key}"
    assert lrs.statement(experienced.pk)["verb"]["id"].endswith("/experienced")

    # Nothing that identifies the person leaves the platform.
    everything = json.dumps(lrs.statements_for(agent_name(volunteer), SITE))
    assert volunteer.email not in everything and volunteer.username not in everything


def test_renaming_and_moving_a_lesson_keeps_its_activity_id(
    lrs, volunteer, general_module, django_capture_on_commit_callbacks
):
    from modules import services

    lessons = list(LessonPage.objects.child_of(general_module))
    before = lessons[0].translation_key
    lessons[0].title = "A new title"
    lessons[0].slug = "a-new-slug"
    lessons[0].save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_complete(
            user=volunteer, lesson=LessonPage.objects.get(pk=lessons[0].pk)
        )
    [completed] = sent("completed")
    assert completed.activity_id == f"{SITE}/xapi/activities/page/{before}"
    assert lrs.statement(completed.pk)["object"]["id"] == completed.activity_id


def test_quiz_passed_and_failed_carry_the_score(
    lrs, client_for, volunteer, quiz_module, quiz, django_capture_on_commit_callbacks
):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        failed = take_quiz(client, quiz, right=False)
    with django_capture_on_commit_callbacks(execute=True):
        passed = take_quiz(client, quiz, right=True)
    assert failed.passed is False and passed.passed is True

    [failed_row] = sent("failed")
    [passed_row] = sent("passed")
    stored_fail = lrs.statement(failed_row.pk)
    assert stored_fail["result"]["success"] is False
    assert stored_fail["result"]["score"]["scaled"] == pytest.approx(float(failed.score) / 100)
    assert stored_fail["context"]["registration"] == str(failed.uuid)
    stored_pass = lrs.statement(passed_row.pk)
    assert stored_pass["result"]["success"] is True
    assert stored_pass["result"]["score"]["raw"] == pytest.approx(float(passed.score))
    assert stored_pass["object"]["id"] == f"{SITE}/xapi/activities/page/{quiz.translation_key}"
    # One "answered" per question answered in each attempt; free text never leaves.
    answered = sent("answered")
    assert len(answered) == 2 * len(passed.questions)
    everything = json.dumps(lrs.statements_for(agent_name(volunteer), SITE))
    assert "I would make sure the person is safe" not in everything
    # The module completed once the quiz was passed.
    assert any(
        row.activity_id.endswith(str(quiz_module.translation_key))
        for row in Statement.objects.filter(verb="completed")
    )


def test_scenario_decision_carries_its_pathway_step(
    lrs, client_for, volunteer, catalogue, django_capture_on_commit_callbacks
):
    module = build_module(catalogue, slug="scenario-module", lessons=1)
    quiz = build_quiz(module, [scenario()])
    complete_lessons(volunteer, module)
    client = client_for(volunteer)
    attempt = start(client, quiz)

    def take(data):
        client.post(question_url(quiz, attempt, 1), scenario_stage_data(attempt.questions[0], data))

    with django_capture_on_commit_callbacks(execute=True):
        take({"stage": "signs", "signs": ["passport", "sleeps"]})
        take({"stage": "act", "option": "private"})
        take({"stage": "follow", "option": "lead", "action": "review"})
        submit_attempt(client, quiz, attempt)

    decisions = sent("decided")
    assert len(decisions) == 2  # the signs stage is not a decision
    stored = [lrs.statement(row.pk) for row in decisions]
    by_response = {s["result"]["response"]: s for s in stored}
    assert set(by_response) == {"private", "lead"}
    question_id = attempt.questions[0]["question_id"]
    private = by_response["private"]
    assert private["object"]["id"] == (f"{SITE}/xapi/activities/question/{question_id}/stage/act")
    assert private["context"]["extensions"][f"{SITE}/xapi/extensions/pathway-step"] == (
        "adults:speak-privately"
    )
    assert private["result"]["success"] is True
    assert (
        by_response["lead"]["context"]["extensions"][f"{SITE}/xapi/extensions/pathway-step"]
        == "adults:tell-the-lead"
    )


def test_certificate_issued_and_revoked(
    lrs, client_for, volunteer, manager, quiz_module, quiz, django_capture_on_commit_callbacks
):
    complete_lessons(volunteer, quiz_module)
    with django_capture_on_commit_callbacks(execute=True):
        take_quiz(client_for(volunteer), quiz, right=True)
    certificate = Certificate.objects.get(user=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, by=manager, reason=RevocationReason.values[0])
    [earned] = sent("earned")
    [revoked] = sent("revoked")
    verify = f"{SITE}/certificates/verify/{certificate.code}/"
    assert lrs.statement(earned.pk)["object"]["id"] == verify
    stored = lrs.statement(revoked.pk)
    assert stored["object"]["id"] == verify
    assert stored["result"]["response"] == RevocationReason.values[0]


def test_sending_the_same_statement_again_leaves_one_in_the_lrs(
    lrs, volunteer, general_module, django_capture_on_commit_callbacks
):
    from modules import services
    from xapi.services import send_statement

    lesson = LessonPage.objects.child_of(general_module).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
    [row] = sent("completed")
    # Force a resend, as after a worker crash between the LRS's answer and our save.
    Statement.objects.filter(pk=row.pk).update(status=StatementStatus.PENDING)
    assert send_statement(row.pk).status == StatementStatus.SENT
    mine = lrs.statements_for(agent_name(volunteer), SITE)
    assert [s["id"] for s in mine].count(str(row.pk)) == 1


def test_nothing_is_recorded_without_an_lrs(
    settings, client_for, volunteer, general_module, django_capture_on_commit_callbacks
):
    settings.XAPI_LRS_ENDPOINT = ""
    lesson = LessonPage.objects.child_of(general_module).first()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(volunteer).get(lesson.url)
        client_for(volunteer).post(lesson.url, {"action": "complete"})
    assert not Statement.objects.exists()
    assert not LearnerAgent.objects.exists()


def test_ralph_runserver_itself_receives_and_returns_a_statement(
    ralph_runserver, settings, volunteer, general_module, django_capture_on_commit_callbacks
):
    """The documented ``ralph runserver -b fs`` command, unpatched, as the LRS."""
    from modules import services
    from tests.xapi.conftest import LRS_PASSWORD, LRS_USER

    settings.XAPI_LRS_ENDPOINT = ralph_runserver.endpoint
    settings.XAPI_LRS_USERNAME = LRS_USER
    settings.XAPI_LRS_PASSWORD = LRS_PASSWORD
    lesson = LessonPage.objects.child_of(general_module).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
    [completed] = sent("completed")
    stored = ralph_runserver.statement(completed.pk)
    assert stored["actor"]["account"]["name"] == agent_name(volunteer)
    assert stored["object"]["id"] == completed.activity_id
