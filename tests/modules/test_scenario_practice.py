"""Practising a scenario in a lesson: feedback at every step, unlimited tries, nothing recorded."""

import json

import pytest

from learners.roles import Role
from quizzes.models import QuestionResponse, QuizAttempt
from tests.factories import LessonPageFactory, build_module
from tests.factories.questions import scenario
from tests.quizzes.helpers import scenario_stage_data


def practice_lesson(module, scenario_question, slug="practice"):
    body = json.dumps(
        [
            {"type": "text", "value": "<p>Read this first.</p>"},
            {
                "type": "scenario_practice",
                "value": {"scenario": scenario_question.pk, "introduction": "Try it."},
            },
        ]
    )
    return LessonPageFactory(parent=module, slug=slug, body=body)


@pytest.fixture
def lesson(catalogue):
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    return practice_lesson(module, scenario())


def step(client, lesson, data):
    """Post one practice step written in keys, as the page would post it (in its tokens)."""
    scenario_id = data.pop("scenario")
    states = client.session.get("scenario_practice", {})
    if f"{lesson.pk}:{scenario_id}" not in states:
        client.get(lesson.url)  # the practice starts when the lesson is shown
        states = client.session["scenario_practice"]
    snapshot = states[f"{lesson.pk}:{scenario_id}"]["snapshot"]
    payload = {"action": "practice", "scenario": scenario_id}
    posted = scenario_stage_data(snapshot, data)
    payload.update({f"practice-{scenario_id}-{k}": v for k, v in posted.items()})
    return client.post(lesson.url, payload)


@pytest.mark.django_db
class TestPractice:
    def test_play_through_with_feedback_and_nothing_recorded(self, client_for, volunteer, lesson):
        client = client_for(volunteer)
        scenario_id = lesson.body[1].value["scenario"].pk
        html = client.get(lesson.url).content.decode()
        assert "Practise: spot the signs" in html and "What do you notice?" in html

        response = step(
            client, lesson, {"scenario": scenario_id, "stage": "signs", "signs": ["tired"]}
        )
        # The page opens at the feedback on that step, which takes focus (no script needed).
        assert response.status_code == 302
        assert response.url.endswith(f"#practice-feedback-{scenario_id}")
        html = client.get(lesson.url).content.decode()
        assert f'id="practice-feedback-{scenario_id}" tabindex="-1"' in html
        assert "OBS-EXPLAIN tired" in html  # practice explains at once
        assert "The boss waits outside." in html

        step(client, lesson, {"scenario": scenario_id, "stage": "act", "option": "private"})
        assert "OPT-FEEDBACK private" in client.get(lesson.url).content.decode()
        step(client, lesson, {"scenario": scenario_id, "stage": "follow", "option": "lead"})
        html = client.get(lesson.url).content.decode()
        assert "End of the scenario" in html
        assert "The recommended path" in html and "DEBRIEF recommended path" in html
        assert not QuizAttempt.objects.exists() and not QuestionResponse.objects.exists()

    def test_critical_error_ends_practice_with_its_feedback(self, client_for, volunteer, lesson):
        client = client_for(volunteer)
        scenario_id = lesson.body[1].value["scenario"].pk
        step(client, lesson, {"scenario": scenario_id, "stage": "signs", "signs": []})
        step(client, lesson, {"scenario": scenario_id, "stage": "act", "option": "confront"})
        html = client.get(lesson.url).content.decode()
        assert "A critical error ended this scenario" in html
        assert "Critical error. OPT-FEEDBACK confront" in html

    def test_restart_begins_again(self, client_for, volunteer, lesson):
        client = client_for(volunteer)
        scenario_id = lesson.body[1].value["scenario"].pk
        step(client, lesson, {"scenario": scenario_id, "stage": "signs", "signs": []})
        client.post(lesson.url, {"action": "practice-restart", "scenario": scenario_id})
        html = client.get(lesson.url).content.decode()
        assert "What do you notice?" in html and "What that step shows" not in html

    def test_stale_stage_changes_nothing(self, client_for, volunteer, lesson):
        client = client_for(volunteer)
        scenario_id = lesson.body[1].value["scenario"].pk
        response = step(
            client, lesson, {"scenario": scenario_id, "stage": "act", "option": "private"}
        )
        follow = client.get(response.url.split("#")[0])
        assert "This page was out of date" in follow.content.decode()
        assert "What do you notice?" in follow.content.decode()

    def test_scenario_from_outside_the_lesson_is_refused(self, client_for, volunteer, lesson):
        other = scenario(title="Elsewhere")
        client = client_for(volunteer)
        response = client.post(
            lesson.url, {"action": "practice", "scenario": other.pk}, follow=True
        )
        assert "That scenario is not part of this lesson." in response.content.decode()
        assert "scenario_practice" not in client.session or not any(
            key.endswith(f":{other.pk}") for key in client.session["scenario_practice"]
        )

    def test_locked_module_refuses_practice(self, client_for, volunteer, catalogue):
        module = build_module(catalogue, slug="locked", lessons=0, audience=[Role.CASEWORKER])
        locked_lesson = practice_lesson(module, scenario(title="Locked"))
        scenario_id = locked_lesson.body[1].value["scenario"].pk
        client = client_for(volunteer)
        response = client.post(locked_lesson.url, {"action": "practice", "scenario": scenario_id})
        assert response.status_code == 403
