"""The default scenarios: enough of them, covering the required cases, every branch valid.

Beyond validity, the set must be evidence when it is assessed (issue 17): scenarios are either
practised in lessons or assessed in quizzes, their recommended paths differ in length and shape,
option length says nothing about the recommended action, and every option that breaks a core
rule is a critical error. The checks are the assessment quality checker's own, run on the files.
Issue 18's scenario fixes are pinned by what the learner is offered, not by wording.
"""

import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.scenarios import (
    category_name,
    check_references,
    known_indicators,
    known_pathway_steps,
    read_scenario_files,
    stage_stream_data,
)
from modules.models import QuizPage
from quizzes.models import ScenarioQuestion
from quizzes.models.scenarios import ScenarioUse
from quizzes.quality import question_warnings, scenario_set_warnings, scenario_shape
from quizzes.scenario_blocks import validate_stages
from quizzes.scenario_paths import recommended_path, stage_map

SCENARIOS = read_scenario_files()
BY_KEY = {s["key"]: s for s in SCENARIOS}
STEPS = known_pathway_steps()
ASSESSED = {
    "food-parcel-whisper",
    "shop-stockroom-boy",
    "tracing-missing-sister",
    "flood-farm-workers",
}
PRACTISED = {
    "drop-in-form-help",
    "rest-centre-house-fire",
    "donor-tests-letters",
    "english-class-live-in-nanny",
    "food-bank-new-friends",
    "grow-house-age-dispute",
    "rest-centre-flat-above",
    "survivor-job-offer",
}
REWRITTEN = ASSESSED | PRACTISED


def as_question(data):
    """An unsaved ScenarioQuestion built from a file, as the loader builds it."""
    return ScenarioQuestion(
        key=data["key"],
        title=data["title"],
        use=data.get("mode", "both"),
        pathway_key=data["pathway"],
        stages=json.dumps(stage_stream_data(data["stages"])),
    )


def decisions(data):
    return [stage for stage in data["stages"] if stage["kind"] == "decision"]


def recommended(stage):
    return next(o for o in stage["options"] if o.get("recommended"))


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


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_a_scenario_is_practised_or_assessed_never_both(data):
    assert data.get("mode") in {"practice", "assessed"}
    if data["key"] in ASSESSED:
        assert data["mode"] == "assessed"
    if data["key"] in PRACTISED:
        assert data["mode"] == "practice"


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_one_spot_the_signs_stage_at_most_and_only_first(data):
    kinds = [stage["kind"] for stage in data["stages"]]
    assert kinds.count("spot_signs") <= 1
    assert "spot_signs" not in kinds[1:]


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_no_option_breaks_a_core_rule_without_being_critical(data):
    """The checker's own reading of option wording and feedback (issue 18: directing an adult,
    waiting with a child, treating a possible child as an adult, filling in the NRM form...)."""
    found = [w.message for w in question_warnings(as_question(data))]
    assert found == []


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_critical_options_end_the_run_and_say_which_rule_and_why(data):
    for stage in decisions(data):
        assert sum(1 for o in stage["options"] if o.get("recommended")) == 1
        for option in stage["options"]:
            if option.get("critical"):
                assert not option.get("recommended") and not option.get("points")
                # The page labels it "Critical error"; the feedback names the rule, and why.
                assert not option["feedback"].startswith("Critical error"), option["key"]
                assert len(option["feedback"]) > 100, option["key"]


def test_the_rewritten_set_varies_in_shape():
    shapes = {key: scenario_shape(as_question(BY_KEY[key])) for key in REWRITTEN}
    lengths = Counter(shape.decisions for shape in shapes.values())
    assert all(lengths[n] >= 2 for n in (2, 3, 4, 5)), lengths
    assert set(lengths) <= {2, 3, 4, 5}
    assert sum(shape.rejoins for shape in shapes.values()) >= 4
    assert sum(shape.ends_early for shape in shapes.values()) >= 4


def test_option_length_and_order_say_nothing_about_the_recommended_action():
    stages = [stage for key in sorted(REWRITTEN) for stage in decisions(BY_KEY[key])]

    def strictly(stage, pick):
        lengths = [len(o["text"]) for o in stage["options"]]
        best = pick(lengths)
        return (
            lengths.count(best) == 1
            and recommended(stage)["text"] == stage["options"][lengths.index(best)]["text"]
        )

    longest = sum(1 for stage in stages if strictly(stage, max))
    shortest = sum(1 for stage in stages if strictly(stage, min))
    first = sum(1 for stage in stages if stage["options"][0].get("recommended"))
    assert longest <= len(stages) / 4 and shortest <= len(stages) / 4
    assert first <= len(stages) / 3
    questions = [as_question(BY_KEY[key]) for key in sorted(REWRITTEN)]
    assert scenario_set_warnings(questions) == []
    for module in ("general-awareness", "caseworker-training"):
        assessed = [as_question(s) for s in SCENARIOS if s["module"] == module]
        assert scenario_set_warnings([q for q in assessed if q.use == "assessed"]) == []


@pytest.mark.parametrize("key", sorted(REWRITTEN))
def test_content_note_and_a_debrief_that_ends_with_wellbeing_signposting(key):
    data = BY_KEY[key]
    assert data["content_note"].strip()
    last = data["debrief_html"].strip().rsplit("<p>", 1)[-1].lower()
    for route in ("wellbeing support", "manager", "anti-trafficking lead"):
        assert route in last, route


def walk_recommended(data):
    """The recommended options in order, as (stage, option) pairs."""
    snapshot = {"stages": data["stages"]}
    stages = stage_map(snapshot)
    return [
        (
            stages[step["stage"]],
            next(o for o in stages[step["stage"]]["options"] if o["key"] == step["option"]),
        )
        for step in recommended_path(snapshot)
        if step.get("option")
    ]


def test_the_hunted_child_recommended_path_calls_999():
    path = walk_recommended(BY_KEY["shop-stockroom-boy"])
    assert any(
        option["pathway_step"] == "children:immediate-safety" and "999" in option["text"]
        for _stage, option in path
    )
    for stage in decisions(BY_KEY["shop-stockroom-boy"]):
        for option in stage["options"]:
            if re.search(
                r"\bwait\b|before calling|ask(ing)? whether this is serious", option["text"]
            ):
                assert option["critical"], option["key"]


def test_the_donor_ends_with_where_he_sleeps_tonight_and_acting_normally_is_critical():
    data = BY_KEY["donor-tests-letters"]
    last_stage, last_option = walk_recommended(data)[-1]
    assert "tonight" in last_stage["prompt_html"] and "tonight" in last_option["text"]
    assert last_option["pathway_step"] == "adults:immediate-safety"
    act_normally = [
        o for s in decisions(data) for o in s["options"] if "act normally" in o["text"].lower()
    ]
    assert act_normally and all(o["critical"] for o in act_normally)


def test_a_possible_child_is_never_treated_as_an_adult():
    data = BY_KEY["grow-house-age-dispute"]
    for stage in decisions(data):
        for option in stage["options"]:
            if re.search(r"adults? pathway|counts as an adult|proof|prove", option["text"]):
                assert option["critical"], option["key"]


def test_no_age_is_judged_by_looks_and_no_recovery_period_without_a_decision():
    for key in sorted(REWRITTEN):
        text = json.dumps(BY_KEY[key], ensure_ascii=False)
        assert not re.search(r"appear to be adults|look(s)? (like )?adults", text), key
        for passage in re.findall(r"[^.]*recovery period[^.]*\.", text):
            assert "reasonable grounds" in passage, (key, passage)


@pytest.mark.django_db
def test_loader_creates_scenarios_once_and_quizzes_draw_only_assessed_ones():
    call_command("load_training_content", stdout=StringIO())
    call_command("load_training_content", stdout=StringIO())
    english = ScenarioQuestion.objects.filter(locale__language_code="en-gb")
    assert english.count() == len(SCENARIOS)
    for data in SCENARIOS:
        scenario = english.get(key=data["key"])
        assert scenario.use == data["mode"]
        assert scenario.category.name == category_name(data["module"], data["mode"])
    for quiz in QuizPage.objects.all():
        draws = list(quiz.random_draws.select_related("category"))
        scenario_draws = [d for d in draws if "scenarios:" in d.category.name.lower()]
        assert len(scenario_draws) == 1 and scenario_draws[0].count >= 2, quiz.title
        for draw in draws:  # every pool, questions and scenarios, holds twice what is drawn
            pool = draw.category.questions.exclude(scenarioquestion__use="practice")
            assert pool.count() >= 2 * draw.count, draw.category.name
        pools = [draw.category for draw in draws]
        scenario_pools = [p for p in pools if p.name.startswith("Assessed scenarios:")]
        assert scenario_pools, quiz.title
        for pool in pools:
            assert not ScenarioQuestion.objects.filter(
                category=pool, use=ScenarioUse.PRACTICE
            ).exists()
