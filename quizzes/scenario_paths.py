"""
Walking a scenario's stages: pure functions of a scenario snapshot and a learner's path.

A snapshot (see :meth:`quizzes.models.ScenarioQuestion.snapshot`) lists the stages; a path is the
list of answered steps (``{"stage": ..., "signs": [...]}`` or ``{"stage": ..., "option": ...}``).
These functions say which stage comes next (skipping stages whose ``requires`` does not hold),
where a learner is, what a path scores, and what the recommended path is. They read no rows and
import no models, so the scenario model, its stage form, the practice pages and the reports all
use them without importing one another.
"""


def stage_map(snapshot):
    return {stage["key"]: stage for stage in snapshot["stages"]}


def _chosen(path):
    return {f"{step['stage']}.{step['option']}" for step in path if step.get("option")}


def resolve_stage(snapshot, key, path):
    """The stage to show for ``key``, skipping stages whose condition does not hold."""
    stages = snapshot["stages"]
    order = [stage["key"] for stage in stages]
    chosen = _chosen(path)
    while key:
        stage = stage_map(snapshot)[key]
        if not stage.get("requires") or stage["requires"] in chosen:
            return stage
        index = order.index(key) + 1
        key = order[index] if index < len(order) else ""
    return None


def next_stage(snapshot, stage, step, path):
    """The stage after ``stage`` once ``step`` (this stage's answer) is taken, or None (end)."""
    if stage["kind"] == "spot_signs":
        target = stage.get("next") or ""
    else:
        option = option_of(stage, step.get("option"))
        if option is None or option.get("critical"):
            return None
        target = option.get("next") or ""
    return resolve_stage(snapshot, target, path + [step]) if target else None


def current_stage(snapshot, response):
    """Where the learner is: the first stage, or the one after the last answer (None: done)."""
    path = (response or {}).get("path") or []
    if (response or {}).get("finished"):
        return None
    if not path:
        return resolve_stage(snapshot, snapshot["stages"][0]["key"], [])
    last = path[-1]
    return next_stage(snapshot, stage_map(snapshot)[last["stage"]], last, path[:-1])


def option_of(stage, key):
    return next((o for o in stage.get("options", []) if o["key"] == key), None)


def path_points(snapshot, path):
    """(points, critical error made?) for the steps in ``path``."""
    stages = stage_map(snapshot)
    points, critical = 0, False
    for step in path:
        stage = stages.get(step["stage"])
        if stage is None:
            continue
        if stage["kind"] == "spot_signs":
            picked = set(step.get("signs") or [])
            signs = sum(1 for o in stage["observations"] if o["key"] in picked and o["indicator"])
            herrings = sum(
                1 for o in stage["observations"] if o["key"] in picked and not o["indicator"]
            )
            points += max(0, signs - herrings)
        else:
            option = option_of(stage, step.get("option"))
            if option is not None:
                points += option.get("points") or 0
                critical = critical or bool(option.get("critical"))
    return points, critical


def recommended_path(snapshot):
    """The path of recommended options (with every sign picked), as stage/answer steps."""
    path = []
    stage = resolve_stage(snapshot, snapshot["stages"][0]["key"], [])
    while stage is not None and len(path) <= len(snapshot["stages"]):
        if stage["kind"] == "spot_signs":
            step = {
                "stage": stage["key"],
                "signs": [o["key"] for o in stage["observations"] if o["indicator"]],
            }
        else:
            best = next(o for o in stage["options"] if o.get("recommended"))
            step = {"stage": stage["key"], "option": best["key"]}
        following = next_stage(snapshot, stage, step, path)
        path.append(step)
        stage = following
    return path


def max_points(snapshot):
    points, _critical = path_points(snapshot, recommended_path(snapshot))
    return points
