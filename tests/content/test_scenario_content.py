"""The default scenarios: enough of them, covering the required cases, every branch valid."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.scenarios import (
    check_references,
    known_indicators,
    known_pathway_steps,
    read_scenario_files,
)
from modules.models import QuizPage
from quizzes.models import ScenarioQuestion
from quizzes.scenario_blocks import validate_stages

SCENARIOS = read_scenario_files()
STEPS = known_pathway_steps()


def test_at_least_4_general_and_6_caseworker_scenarios():
    modules = Counter(s["module"] for s in SCENARIOS)
    assert modules["general-awareness"] >= 4 and modules["caseworker-training"] >= 6


def test_required_forms_of_exploitation_and_a_child_are_covered():
    types = {t for s in SCENARIOS for t in s["exploitation_types"]}
    assert {
        "forced_labour",
        "sexual_exploitation",
        "domestic_servitude",
        "criminal_exploitation",
    } <= types
    assert any(s["pathway"] == "children" for s in SCENARIOS)


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_every_branch_ends_and_names_real_pathway_steps(data):
    stages = [dict(stage, prompt=stage["prompt_html"]) for stage in data["stages"]]
    validate_stages(stages, pathway_step_exists=STEPS.__contains__)
    check_references(data, steps=STEPS, indicators=known_indicators())
    for stage in stages:
        for option in stage.get("options", []):
            if option.get("pathway_step"):
                assert option["pathway_step"].startswith(data["pathway"] + ":")
    assert any(o.get("critical") for s in stages for o in s.get("options", []))


@pytest.mark.django_db
def test_loader_creates_scenarios_once_and_quizzes_draw_them():
    call_command("load_training_content", stdout=StringIO())
    call_command("load_training_content", stdout=StringIO())
    assert ScenarioQuestion.objects.count() == len(SCENARIOS)
    for quiz in QuizPage.objects.all():
        draws = list(quiz.random_draws.select_related("category"))
        scenario_draws = [d for d in draws if "scenarios:" in d.category.name.lower()]
        assert len(scenario_draws) == 1 and scenario_draws[0].count >= 2, quiz.title
        for draw in draws:  # every pool, questions and scenarios, holds twice what is drawn
            pool = draw.category.questions.exclude(scenarioquestion__use="practice")
            assert pool.count() >= 2 * draw.count, draw.category.name
