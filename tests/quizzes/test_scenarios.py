"""Spot-the-signs scenarios: validation, branching, grading, and taking one without JavaScript."""

import copy
import random
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import QuestionResponse, ScenarioQuestion
from quizzes.scenario_blocks import validate_stages
from quizzes.scenario_paths import current_stage, recommended_path
from tests.factories import build_module
from tests.factories.questions import build_quiz, scenario, scenario_stages, single_choice
from tests.quizzes.helpers import (
    complete_lessons,
    question_url,
    scenario_stage_data,
    start,
    submit,
)


def plain(stages):
    return [dict(s["value"], kind=s["type"]) for s in stages]


class TestValidation:
    def errors(self, stages):
        with pytest.raises(ValidationError) as caught:
            validate_stages(stages)
        return " ".join(caught.value.messages)

    def test_the_factory_scenario_is_valid(self):
        validate_stages(plain(scenario_stages()))

    def test_next_stage_must_exist(self):
        stages = plain(scenario_stages())
        stages[0]["next"] = "nowhere"
        assert "leads to “nowhere”, which does not exist" in self.errors(stages)

    def test_loops_are_refused(self):
        stages = plain(scenario_stages())
        stages[2]["options"][0]["next"] = "act"
        assert "loop back" in self.errors(stages)

    def test_unreachable_stage_is_refused(self):
        stages = plain(scenario_stages())
        stages[1]["options"][1]["next"] = ""
        stages[1]["options"][2]["next"] = ""
        assert "No path reaches the stage “follow”" in self.errors(stages)

    def test_option_needs_pathway_step_or_critical(self):
        stages = plain(scenario_stages())
        stages[2]["options"][1]["pathway_step"] = ""
        assert "must name a pathway step or be marked as a critical error" in self.errors(stages)

    def test_exactly_one_recommended_option(self):
        stages = plain(scenario_stages())
        stages[2]["options"][1]["recommended"] = True
        assert "exactly one recommended option" in self.errors(stages)

    def test_unknown_pathway_step_when_a_checker_is_given(self):
        with pytest.raises(ValidationError, match="does not exist"):
            validate_stages(plain(scenario_stages()), pathway_step_exists=lambda step: False)

    def test_requires_must_name_an_earlier_option(self):
        stages = plain(scenario_stages())
        stages[2]["requires"] = "act.teleport"
        assert "requires “act.teleport”" in self.errors(stages)

    @pytest.mark.django_db
    def test_model_clean_reports_stage_errors_to_the_trainer(self):
        question = scenario()
        question.stages[0].value["next"] = "nowhere"
        with pytest.raises(ValidationError) as caught:
            question.full_clean(exclude=["tags"])
        assert "stages" in caught.value.message_dict


@pytest.mark.django_db
class TestGradingAndBranching:
    def snap(self, **kw):
        return scenario(**kw).snapshot(random.Random(0), shuffle_choices=False)

    def test_recommended_path_scores_full_marks(self):
        snap = self.snap()
        path = recommended_path(snap)
        assert [s["stage"] for s in path] == ["signs", "act", "follow"]
        assert snap["max_points"] == 2 + 2 + 2
        result = ScenarioQuestion.grade(snap, {"path": path, "finished": True})
        assert result.score == 1

    def test_red_herrings_subtract_and_weaker_options_score_less(self):
        snap = self.snap()
        path = [
            {"stage": "signs", "signs": ["passport", "tired"]},  # 1 sign - 1 herring = 0
            {"stage": "act", "option": "wait"},  # 0
            {"stage": "follow", "option": "lead"},  # 2
        ]
        assert ScenarioQuestion.grade(snap, {"path": path, "finished": True}).score == Decimal(
            "0.3333"
        )

    def test_critical_error_fails_whatever_the_score(self):
        snap = self.snap()
        path = [
            {"stage": "signs", "signs": ["passport", "sleeps"]},
            {"stage": "act", "option": "confront"},
        ]
        assert ScenarioQuestion.grade(snap, {"path": path, "finished": True}).score == 0

    def test_critical_option_ends_the_scenario(self):
        snap = self.snap()
        response = {
            "path": [{"stage": "signs", "signs": []}, {"stage": "act", "option": "confront"}]
        }
        assert current_stage(snap, response) is None

    def test_conditional_stage_shown_only_after_its_option(self):
        question = scenario()
        question.stages[2].value["requires"] = "act.private"
        question.save()
        snap = question.snapshot(random.Random(0), shuffle_choices=False)
        chose_private = {
            "path": [{"stage": "signs", "signs": []}, {"stage": "act", "option": "private"}]
        }
        chose_wait = {"path": [{"stage": "signs", "signs": []}, {"stage": "act", "option": "wait"}]}
        assert current_stage(snap, chose_private)["key"] == "follow"
        assert current_stage(snap, chose_wait) is None  # skipped: nothing follows in the list


def take_stage(client, quiz, attempt, data):
    """Post one stage, written in keys; the page's tokens are posted (see the helper)."""
    return client.post(
        question_url(quiz, attempt, 1), scenario_stage_data(attempt.questions[0], data)
    )


@pytest.fixture
def scenario_quiz(catalogue, volunteer):
    module = build_module(catalogue, slug="scenario-module", lessons=1)
    quiz = build_quiz(module, [scenario()])
    complete_lessons(volunteer, module)
    return quiz


@pytest.mark.django_db
class TestTakingAScenario:
    def test_stage_by_stage_without_javascript_then_graded(
        self, client_for, volunteer, scenario_quiz
    ):
        client = client_for(volunteer)
        attempt = start(client, scenario_quiz)
        page = client.get(question_url(scenario_quiz, attempt, 1)).content.decode()
        assert "What do you notice?" in page and "Samir needs help with a form." in page

        response = take_stage(
            client, scenario_quiz, attempt, {"stage": "signs", "signs": ["passport", "sleeps"]}
        )
        # Same question, next stage, opened at its choices.
        assert response.url == question_url(scenario_quiz, attempt, 1) + "#choices"
        page = client.get(response.url).content.decode()
        assert "The boss waits outside." in page

        take_stage(client, scenario_quiz, attempt, {"stage": "act", "option": "private"})
        response = take_stage(
            client,
            scenario_quiz,
            attempt,
            {"stage": "follow", "option": "lead", "action": "review"},
        )
        assert response.url.endswith("/review/")
        submit(client, scenario_quiz, attempt)
        attempt.refresh_from_db()
        assert attempt.score == 100 and attempt.passed
        saved = QuestionResponse.objects.get()
        assert [s["stage"] for s in saved.response["path"]] == ["signs", "act", "follow"]

        html = client.get(f"{scenario_quiz.url}attempt/{attempt.uuid}/result/").content.decode()
        assert "OBS-EXPLAIN tired" in html  # every sign (and red herring) explained
        assert "OPT-FEEDBACK private" in html
        assert "DEBRIEF recommended path" in html  # passed, so the recommended path is shown

    def test_stale_or_skipped_stage_is_refused_and_changes_nothing(
        self, client_for, volunteer, scenario_quiz
    ):
        client = client_for(volunteer)
        attempt = start(client, scenario_quiz)
        response = take_stage(client, scenario_quiz, attempt, {"stage": "act", "option": "private"})
        assert response.status_code == 200
        assert "This page was out of date" in response.content.decode()
        assert not QuestionResponse.objects.exists()

        take_stage(client, scenario_quiz, attempt, {"stage": "signs", "signs": ["passport"]})
        before = copy.deepcopy(QuestionResponse.objects.get().response)
        response = take_stage(
            client, scenario_quiz, attempt, {"stage": "signs", "signs": ["tired"]}
        )
        assert "This page was out of date" in response.content.decode()
        assert QuestionResponse.objects.get().response == before

    def test_option_from_another_stage_is_refused(self, client_for, volunteer, scenario_quiz):
        client = client_for(volunteer)
        attempt = start(client, scenario_quiz)
        take_stage(client, scenario_quiz, attempt, {"stage": "signs", "signs": []})
        response = take_stage(client, scenario_quiz, attempt, {"stage": "act", "option": "lead"})
        assert response.status_code == 200
        assert len(QuestionResponse.objects.get().response["path"]) == 1

    def test_unfinished_scenario_counts_as_unanswered(self, client_for, volunteer, scenario_quiz):
        client = client_for(volunteer)
        attempt = start(client, scenario_quiz)
        take_stage(client, scenario_quiz, attempt, {"stage": "signs", "signs": ["passport"]})
        review = client.get(f"{scenario_quiz.url}attempt/{attempt.uuid}/review/").content.decode()
        assert "1 question has no answer" in review

    def test_no_feedback_or_explanations_before_submission(
        self, client_for, volunteer, scenario_quiz
    ):
        client = client_for(volunteer)
        attempt = start(client, scenario_quiz)
        pages = [client.get(question_url(scenario_quiz, attempt, 1)).content.decode()]
        take_stage(client, scenario_quiz, attempt, {"stage": "signs", "signs": ["passport"]})
        pages.append(client.get(question_url(scenario_quiz, attempt, 1)).content.decode())
        take_stage(client, scenario_quiz, attempt, {"stage": "act", "option": "wait"})
        pages.append(client.get(question_url(scenario_quiz, attempt, 1)).content.decode())
        for html in pages:
            assert not re.search(r"OBS-EXPLAIN|OPT-FEEDBACK|DEBRIEF|recommended|critical", html)


@pytest.mark.django_db
def test_scenario_page_queries_do_not_grow_with_stages(client_for, volunteer, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    # A site's first page creates its settings row (a change to content, which makes the next
    # page read all content again): get that out of the way before measuring.
    client_for(volunteer).get("/")
    for extra in (0, 10):
        module = build_module(catalogue, slug=f"stages-{extra}", lessons=1)
        quiz = build_quiz(module, [scenario(title=f"S{extra}", extra_decisions=extra)])
        complete_lessons(volunteer, module)
        client = client_for(volunteer)
        attempt = start(client, quiz)
        url = question_url(quiz, attempt, 1)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_scenario_must_name_steps_of_a_live_pathway():
    from tests.content.pathway_builders import build_pathway

    build_pathway("adults", steps=2)  # only adults:step-1 and adults:step-2 exist
    with pytest.raises(ValidationError, match="which does not exist"):
        scenario()  # its options name adults:speak-privately and others


@pytest.mark.django_db
def test_editing_a_scenario_after_an_attempt_changes_no_result(
    client_for, volunteer, scenario_quiz
):
    client = client_for(volunteer)
    attempt = start(client, scenario_quiz)
    take_stage(client, scenario_quiz, attempt, {"stage": "signs", "signs": ["passport", "sleeps"]})
    take_stage(client, scenario_quiz, attempt, {"stage": "act", "option": "private"})
    take_stage(client, scenario_quiz, attempt, {"stage": "follow", "option": "lead"})
    question = ScenarioQuestion.objects.get()
    # A trainer now makes the chosen action a critical error and rewrites its feedback.
    stages = question.stages.raw_data
    for option in stages[1]["value"]["options"]:
        option_value = option.get("value", option)
        if option_value["key"] == "private":
            option_value["critical"] = True
            option_value["feedback"] = "REWRITTEN"
    question.save()
    submit(client, scenario_quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.score == 100
    html = client.get(f"{scenario_quiz.url}attempt/{attempt.uuid}/result/").content.decode()
    assert "REWRITTEN" not in html and "OPT-FEEDBACK private" in html


@pytest.mark.django_db
def test_a_finished_scenario_moves_on_like_any_other_question(client_for, volunteer, catalogue):
    module = build_module(catalogue, slug="trap-module", lessons=1)
    quiz = build_quiz(module, [scenario(), single_choice()])
    complete_lessons(volunteer, module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    take_stage(client, quiz, attempt, {"stage": "signs", "signs": ["passport"]})
    take_stage(client, quiz, attempt, {"stage": "act", "option": "private"})
    response = take_stage(
        client, quiz, attempt, {"stage": "follow", "option": "lead", "action": "next"}
    )
    assert response.url == question_url(quiz, attempt, 2)  # the last stage moves on
    saved = QuestionResponse.objects.get().response
    # Back on the finished scenario, its buttons move on and change nothing.
    page = client.get(question_url(quiz, attempt, 1)).content.decode()
    assert "You have finished this scenario." in page
    for action, where in (("next", question_url(quiz, attempt, 2)), ("review", "/review/")):
        response = client.post(question_url(quiz, attempt, 1), {"action": action})
        assert response.status_code == 302 and response.url.endswith(where)
    assert QuestionResponse.objects.get().response == saved
