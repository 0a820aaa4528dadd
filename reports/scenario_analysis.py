"""
Scenario decisions and sign-spotting: where practice is weak.

A scenario answer records the learner's path (:mod:`quizzes.models.scenarios`): at each *spot
the signs* stage the observations picked, at each *decision* stage the option chosen. Read
against the snapshot the attempt froze, every path says:

* which stages the learner reached, and at each decision which option they chose; an option
  marked *critical* (confronting an exploiter, a companion as interpreter...) is a critical
  error, and ends the scenario;
* which referral pathway steps they *missed*: a step named by a recommended option on the
  recommended path that none of their choices named (a learner who stopped early on a critical
  error missed the steps after it too);
* which signs they *missed* (an observation linked to an indicator, shown and not picked) and
  which red herrings they *over-read* (an observation with no indicator, picked).

Each answer is judged by its own snapshot, so a scenario edited since (an option re-marked,
a stage added) or deleted still counts each learner by what they saw; labels come from the
newest snapshot. The snapshot of each answer is picked out of its attempt in SQL
(:class:`reports.snapshots.ResponseSnapshot`) and the answers of one scenario are read in
groups, so memory stays flat however many learners there are: the database groups identical
answers to identical snapshots, and each distinct snapshot is parsed once.
"""

import json
from dataclasses import dataclass, field

from django.db.models import Count, Max, TextField
from django.utils.translation import gettext as _

from quizzes.models import Question, QuestionResponse, ScenarioQuestion
from reports.item_analysis import question_statistics
from reports.snapshots import ResponseSnapshot


def scenario_question_ids(responses):
    """Ids of the scenarios answered in ``responses``, including scenarios deleted since.

    Scenarios still in the bank are known by their table; for a deleted question the type is
    read from its newest snapshot (one query, over deleted questions only).
    """
    answered = responses.order_by().values("question_id")
    existing = set(ScenarioQuestion.objects.filter(id__in=answered).values_list("id", flat=True))
    orphans = (
        responses.order_by()
        .exclude(question_id__in=Question.objects.non_polymorphic().values("id"))
        .values("question_id")
        .annotate(latest=Max("id"))
        .values("latest")
    )
    deleted = {
        question_id
        for question_id, snapshot in QuestionResponse.objects.filter(id__in=orphans)
        .annotate(snapshot=ResponseSnapshot())
        .values_list("question_id", "snapshot")
        if (snapshot or {}).get("type") == "scenario"
    }
    return existing | deleted


def scenario_statistics(responses):
    """One row per scenario (as :func:`reports.item_analysis.question_statistics`)."""
    return question_statistics(responses.filter(question_id__in=scenario_question_ids(responses)))


def rate(part, whole):
    return part / whole if whole else None


def percent(part, whole):
    share = rate(part, whole)
    return None if share is None else round(100 * share, 1)


@dataclass
class OptionTally:
    """A decision option: how often it was chosen where it was offered."""

    key: str
    text: str = ""
    pathway_step: str = ""
    critical: bool = False
    recommended: bool = False
    chosen: int = 0
    share_percent: float | None = None


@dataclass
class ObservationTally:
    """An observation in a spot-the-signs stage: a sign, or a red herring."""

    key: str
    text: str = ""
    indicator: str = ""
    #: Times shown as a sign, and of those, not picked.
    shown_as_sign: int = 0
    missed: int = 0
    #: Times shown as a red herring, and of those, picked.
    shown_as_red_herring: int = 0
    over_read: int = 0

    @property
    def is_sign(self):
        return bool(self.indicator)

    @property
    def missed_percent(self):
        return percent(self.missed, self.shown_as_sign)

    @property
    def over_read_percent(self):
        return percent(self.over_read, self.shown_as_red_herring)


@dataclass
class StageTally:
    key: str
    kind: str = ""
    title: str = ""
    reached: int = 0
    options: dict = field(default_factory=dict)
    observations: dict = field(default_factory=dict)
    critical_errors: int = 0

    @property
    def is_decision(self):
        return self.kind == "decision"

    def option_rows(self):
        """The options, with ``share_percent``: chosen out of the times the stage was reached."""
        rows = list(self.options.values())
        for option in rows:
            option.share_percent = percent(option.chosen, self.reached)
        return rows

    def observation_rows(self):
        return list(self.observations.values())

    @property
    def critical_percent(self):
        return percent(self.critical_errors, self.reached)


@dataclass
class PathwayStepTally:
    """A referral pathway step on the recommended path, and how often learners missed it."""

    reference: str
    title: str = ""
    expected: int = 0
    missed: int = 0

    @property
    def missed_percent(self):
        return percent(self.missed, self.expected)


@dataclass
class ScenarioAnalysis:
    """Everything the scenario report shows about one scenario."""

    question_id: int
    title: str = ""
    answered: int = 0
    finished: int = 0
    critical_errors: int = 0
    full_marks: int = 0
    stages: dict = field(default_factory=dict)
    pathway_steps: dict = field(default_factory=dict)

    @property
    def critical_percent(self):
        return percent(self.critical_errors, self.answered)

    @property
    def full_marks_percent(self):
        return percent(self.full_marks, self.answered)

    def stage_rows(self):
        return list(self.stages.values())

    def missed_steps(self):
        """Pathway steps, most often missed first."""
        return sorted(
            self.pathway_steps.values(),
            key=lambda s: (-(s.missed_percent or 0), -s.missed, s.reference),
        )

    def _observations(self):
        return [o for stage in self.stages.values() for o in stage.observations.values()]

    def missed_signs(self):
        """Signs (observations linked to an indicator), most often missed first."""
        signs = [o for o in self._observations() if o.shown_as_sign]
        return sorted(signs, key=lambda o: (-(o.missed_percent or 0), -o.missed, o.key))

    def over_read_red_herrings(self):
        """Red herrings, most often taken for a sign first."""
        herrings = [o for o in self._observations() if o.shown_as_red_herring]
        return sorted(herrings, key=lambda o: (-(o.over_read_percent or 0), -o.over_read, o.key))


def analyse_scenario(question_id, responses):
    """Read every answer to scenario ``question_id`` in ``responses`` into a ScenarioAnalysis.

    The database groups identical answers given against identical snapshots, so each distinct
    (snapshot, path) is read once and counted with its weight; snapshots are parsed once each.
    """
    analysis = ScenarioAnalysis(question_id=question_id)
    rows = (
        responses.filter(question_id=question_id)
        .annotate(snapshot_text=ResponseSnapshot(output_field=TextField()))
        .order_by()
        .values("snapshot_text", "response", "is_correct")
        .annotate(answers=Count("id"), latest=Max("id"))
    )
    parsed, latest_snapshot, latest_id = {}, None, 0
    for row in rows.iterator(chunk_size=500):
        text = row["snapshot_text"]
        if not text:
            continue
        if text not in parsed:
            parsed[text] = json.loads(text) if isinstance(text, str) else text
        snapshot = parsed[text]
        if row["latest"] > latest_id:
            latest_snapshot, latest_id = snapshot, row["latest"]
        response = row["response"] or {}
        path = response.get("path") or []
        if not path:
            continue
        weight = row["answers"]
        _count_path(analysis, snapshot, path, weight)
        analysis.answered += weight
        analysis.finished += weight if response.get("finished") else 0
        analysis.full_marks += weight if row["is_correct"] else 0
    if latest_snapshot is not None:
        _label(analysis, latest_snapshot)
    _title_pathway_steps(analysis)
    return analysis


def _count_path(analysis, snapshot, path, weight):
    stages = {stage["key"]: stage for stage in snapshot.get("stages", [])}
    # Make sure every stage of this version has a row, in the authored order.
    for key, stage in stages.items():
        analysis.stages.setdefault(key, StageTally(key=key, kind=stage["kind"]))

    chosen_steps, critical = set(), False
    for step in path:
        stage = stages.get(step.get("stage"))
        if stage is None:
            continue
        tally = analysis.stages[stage["key"]]
        tally.reached += weight
        if stage["kind"] == "spot_signs":
            picked = set(step.get("signs") or [])
            for observation in stage.get("observations", []):
                counted = tally.observations.setdefault(
                    observation["key"], ObservationTally(key=observation["key"])
                )
                if observation.get("indicator"):
                    counted.shown_as_sign += weight
                    counted.missed += weight if observation["key"] not in picked else 0
                else:
                    counted.shown_as_red_herring += weight
                    counted.over_read += weight if observation["key"] in picked else 0
            continue
        for option in stage.get("options", []):
            tally.options.setdefault(option["key"], OptionTally(key=option["key"]))
        option = next((o for o in stage.get("options", []) if o["key"] == step.get("option")), None)
        if option is None:
            continue
        tally.options[option["key"]].chosen += weight
        if option.get("pathway_step"):
            chosen_steps.add(option["pathway_step"])
        if option.get("critical"):
            tally.critical_errors += weight
            critical = True
    analysis.critical_errors += weight if critical else 0

    for step in snapshot.get("recommended_path", []):
        stage = stages.get(step.get("stage"))
        if stage is None or stage["kind"] != "decision":
            continue
        option = next((o for o in stage["options"] if o["key"] == step.get("option")), None)
        reference = (option or {}).get("pathway_step")
        if not reference:
            continue
        counted = analysis.pathway_steps.setdefault(
            reference, PathwayStepTally(reference=reference)
        )
        counted.expected += weight
        counted.missed += weight if reference not in chosen_steps else 0


def _label(analysis, snapshot):
    """Titles and texts from the newest snapshot; older-only items keep their keys."""
    analysis.title = snapshot.get("title", "")
    for stage in snapshot.get("stages", []):
        tally = analysis.stages.get(stage["key"])
        if tally is None:
            continue
        tally.title = stage.get("title", "")
        for observation in stage.get("observations", []):
            if observation["key"] in tally.observations:
                counted = tally.observations[observation["key"]]
                counted.text = observation.get("text", "")
                counted.indicator = observation.get("indicator", "")
        for option in stage.get("options", []):
            if option["key"] in tally.options:
                counted = tally.options[option["key"]]
                counted.text = option.get("text", "")
                counted.pathway_step = option.get("pathway_step", "")
                counted.critical = bool(option.get("critical"))
                counted.recommended = bool(option.get("recommended"))
    for stage in analysis.stages.values():
        stage.title = stage.title or stage.key
        for item in [*stage.options.values(), *stage.observations.values()]:
            item.text = item.text or _("(no longer in the scenario: %(key)s)") % {"key": item.key}


def _title_pathway_steps(analysis):
    """Name each pathway step as the live pathway does (one query)."""
    if not analysis.pathway_steps:
        return
    from pathways.models import PathwayStep, step_reference

    rows = PathwayStep.objects.filter(pathway__live=True).values_list(
        "pathway__key", "key", "title"
    )
    titles = {}
    for pathway_key, step_key, title in rows:
        titles.setdefault(step_reference(pathway_key, step_key), title)
    for reference, tally in analysis.pathway_steps.items():
        tally.title = titles.get(reference, reference)
