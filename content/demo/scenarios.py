"""
Load the default spot-the-signs scenarios from ``data/scenarios/*.toml`` into the question bank.

Each scenario becomes a ``ScenarioQuestion`` under its stable key. Its ``mode`` says where it
is used: ``practice`` (lessons show it), ``assessed`` (only quizzes ask it) or ``both``; it goes
in the pool "Practice scenarios: <module>", "Assessed scenarios: <module>" or "Scenarios:
<module>", and a module's quiz draws assessed scenarios from their pool at random. Every
pathway step a decision names is checked against ``data/pathways/*.toml`` and every indicator
against ``data/indicators.toml``: a typo stops the load with the file named, rather than
teaching a step that does not exist. Existing scenarios are left as trainers made them unless
``refresh=True``.
"""

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from content.demo.loader import DATA_DIR, ContentDataError, read_toml
from quizzes.models import Question, QuestionCategory, ScenarioQuestion
from quizzes.models.scenarios import ScenarioUse

SCENARIOS_DIR = DATA_DIR / "scenarios"
PATHWAYS_DIR = DATA_DIR / "pathways"
INDICATORS_FILE = DATA_DIR / "indicators.toml"


def read_scenario_files(scenarios_dir=SCENARIOS_DIR):
    return [read_toml(path) for path in sorted(Path(scenarios_dir).glob("*.toml"))]


def known_pathway_steps(pathways_dir=PATHWAYS_DIR):
    steps = set()
    for path in sorted(Path(pathways_dir).glob("*.toml")):
        data = read_toml(path)
        steps |= {f"{data['key']}:{step['key']}" for step in data["steps"]}
    return steps


def known_indicators(indicators_file=INDICATORS_FILE):
    return {item["key"] for item in read_toml(indicators_file)["indicators"]}


#: A scenario file's ``mode`` and the question-bank use it becomes.
MODES = {
    "practice": ScenarioUse.PRACTICE,
    "assessed": ScenarioUse.ASSESSED,
    "both": ScenarioUse.BOTH,
}


def category_name(module_slug, mode="both"):
    """The pool a module's scenarios go in: quizzes draw from "Assessed scenarios: ..."."""
    module = module_slug.replace("-", " ")
    prefix = {"practice": "Practice scenarios", "assessed": "Assessed scenarios"}.get(
        mode, "Scenarios"
    )
    return f"{prefix}: {module}"


def stage_stream_data(stages):
    """Convert a scenario's ``[[stages]]`` tables into StreamField raw data."""
    data = []
    for stage in stages:
        value = {"key": stage["key"], "title": stage["title"], "prompt": stage["prompt_html"]}
        if stage["kind"] == "spot_signs":
            value["next"] = stage.get("next", "")
            value["observations"] = [
                {
                    "key": o["key"],
                    "text": o["text"],
                    "indicator": o.get("indicator", ""),
                    "explanation": o["explanation"],
                }
                for o in stage["observations"]
            ]
        elif stage["kind"] == "decision":
            value["requires"] = stage.get("requires", "")
            value["options"] = [
                {
                    "key": o["key"],
                    "text": o["text"],
                    "pathway_step": o.get("pathway_step", ""),
                    "points": o.get("points", 0),
                    "critical": bool(o.get("critical")),
                    "recommended": bool(o.get("recommended")),
                    "feedback": o["feedback"],
                    "next": o.get("next", ""),
                }
                for o in stage["options"]
            ]
        else:
            raise ContentDataError(f"unknown stage kind {stage['kind']!r}")
        data.append({"type": stage["kind"], "value": value})
    return data


def check_references(data, *, steps, indicators):
    """Raise ContentDataError if a scenario names an unknown pathway step or indicator."""
    for stage in data["stages"]:
        for observation in stage.get("observations", []):
            if observation.get("indicator") and observation["indicator"] not in indicators:
                raise ContentDataError(
                    f"{data['_source']}: unknown indicator {observation['indicator']!r}"
                )
        for option in stage.get("options", []):
            if option.get("pathway_step") and option["pathway_step"] not in steps:
                raise ContentDataError(
                    f"{data['_source']}: unknown pathway step {option['pathway_step']!r}"
                )


@transaction.atomic
def load_scenarios(report, *, refresh=False, scenarios_dir=SCENARIOS_DIR):
    """Create the default scenarios in the question bank; add lines to ``report``."""
    steps, indicators = known_pathway_steps(), known_indicators()
    for data in read_scenario_files(scenarios_dir):
        check_references(data, steps=steps, indicators=indicators)
        existing = Question.objects.filter(key=data["key"], locale=Locale.get_default()).first()
        if existing is not None and not refresh:
            report.kept.append(f"scenario “{data['key']}”")
            continue
        if existing is not None and not isinstance(existing, ScenarioQuestion):
            raise ContentDataError(f"{data['_source']}: key {data['key']!r} is not a scenario")
        scenario = existing or ScenarioQuestion(key=data["key"])
        scenario.title = data["title"]
        scenario.prompt = data["narrative_html"]
        scenario.debrief = data.get("debrief_html", "")
        mode = data.get("mode", "both")
        if mode not in MODES:
            raise ContentDataError(f"{data['_source']}: unknown mode {mode!r}")
        scenario.use = MODES[mode]
        scenario.setting = data["setting"]
        scenario.exploitation_types = data.get("exploitation_types", [])
        scenario.pathway_key = data["pathway"]
        scenario.content_note = data.get("content_note", "")
        scenario.stages = json.dumps(stage_stream_data(data["stages"]))
        scenario.category, _created = QuestionCategory.objects.get_or_create(
            name=category_name(data["module"], mode)
        )
        try:
            scenario.full_clean(exclude=["tags"])
        except Exception as error:
            raise ContentDataError(f"{data['_source']}: {error}") from error
        scenario.save()
        (report.refreshed if existing else report.created).append(f"scenario “{data['key']}”")
