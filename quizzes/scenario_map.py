"""
The branch map of a scenario: every stage and option as a graph, with what a trainer must see.

A scenario's stages (plain dicts, see :func:`quizzes.scenario_blocks.stages_as_data`) form a
directed graph: a *spot the signs* stage leads to its ``next`` stage, each option of a decision
leads to its own ``next`` (or ends the scenario), and a stage with a condition (``requires``)
that does not hold is skipped, on to the stage after it in the list. :func:`branch_map` reads
that graph and marks, without ever raising on a half-written scenario:

* the **recommended path**: from the first stage, the recommended option of each decision;
* **critical options**: they fail the scenario and end it, whatever their ``next`` says;
* **endings**: an option or stage that leads nowhere ends the scenario;
* **dead ends**: an ending off the recommended path that is not a critical error (the learner
  stops with neither the recommended ending nor a clear failure), and any link to a stage
  that does not exist;
* **unreachable stages**: no path from the first stage leads there;
* **loops**: a link back to a stage already on the way there, so that branch never ends.

The map is plain data; ``quizzes/admin/branch_map.html`` draws it as HTML that reads without
JavaScript and marks every state with a word and a symbol, never by colour alone. It is drawn on
the scenario's edit page (from the form's current data, even when invalid) and in its preview.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class MapOption:
    key: str
    text: str
    next: str
    pathway_step: str = ""
    step_title: str = ""
    points: int = 0
    critical: bool = False
    recommended: bool = False
    on_path: bool = False
    ends: bool = False
    dead_end: bool = False
    broken: bool = False
    loops_back: bool = False
    next_title: str = ""
    next_number: int = 0


@dataclass
class MapStage:
    key: str
    title: str
    kind: str
    number: int
    requires: str = ""
    next: str = ""
    options: list = field(default_factory=list)
    signs: int = 0
    herrings: int = 0
    reachable: bool = False
    on_path: bool = False
    in_loop: bool = False
    ends: bool = False
    dead_end: bool = False
    broken: bool = False
    loops_back: bool = False
    next_title: str = ""
    next_number: int = 0
    skip_to: str = ""

    @property
    def anchor(self):
        return f"map-stage-{self.number}"


@dataclass
class BranchMap:
    stages: list
    recommended: list  # stage keys on the recommended path, in order

    def stage(self, key):
        return next((stage for stage in self.stages if stage.key == key), None)

    @property
    def unreachable(self):
        return [stage for stage in self.stages if not stage.reachable]

    @property
    def looping(self):
        return [stage for stage in self.stages if stage.in_loop]

    @property
    def dead_ends(self):
        """``(stage, option or None)`` for every dead end."""
        found = []
        for stage in self.stages:
            if stage.dead_end:
                found.append((stage, None))
            found.extend((stage, option) for option in stage.options if option.dead_end)
        return found

    @property
    def critical_options(self):
        return [(s, o) for s in self.stages for o in s.options if o.critical]

    @property
    def recommended_stages(self):
        return [self.stage(key) for key in self.recommended]

    @property
    def has_problems(self):
        return bool(self.unreachable or self.looping or self.dead_ends)


def _whole_number(value):
    """Points as posted may still be text (the map is drawn from an unchecked form)."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _exits(node):
    """``(option or None, target key)`` for each way out of a stage of the map."""
    exits = [(option, option.next) for option in node.options]
    if node.kind == "spot_signs":
        exits.append((None, node.next))
    if node.skip_to:
        exits.append((None, node.skip_to))  # its condition fails: on to the next in the list
    return exits


def branch_map(stages, *, step_titles=None):
    """The :class:`BranchMap` of ``stages`` (plain dicts); never raises on bad data.

    ``step_titles`` maps ``"pathway:step"`` references to what the map shows for them.
    """
    step_titles = step_titles or {}
    stages = [stage for stage in stages if stage.get("key")]
    keys = [stage["key"] for stage in stages]
    by_key = {}
    for stage in stages:
        by_key.setdefault(stage["key"], stage)
    following = {key: keys[i + 1] if i + 1 < len(keys) else "" for i, key in enumerate(keys)}
    titles = {key: stage.get("title") or key for key, stage in by_key.items()}
    numbers = {}
    for number, key in enumerate(keys, start=1):
        numbers.setdefault(key, number)

    nodes = []
    for number, stage in enumerate(stages, start=1):
        observations = stage.get("observations", [])
        node = MapStage(
            key=stage["key"],
            title=stage.get("title") or stage["key"],
            kind=stage["kind"],
            number=number,
            requires=stage.get("requires") or "",
            next=(stage.get("next") or "") if stage["kind"] == "spot_signs" else "",
            signs=sum(1 for o in observations if o.get("indicator")),
            herrings=sum(1 for o in observations if not o.get("indicator")),
            skip_to=following[stage["key"]] if stage.get("requires") else "",
        )
        for option in stage.get("options", []):
            target = "" if option.get("critical") else option.get("next") or ""
            node.options.append(
                MapOption(
                    key=option.get("key") or "",
                    text=option.get("text") or "",
                    next=target,
                    pathway_step=option.get("pathway_step") or "",
                    step_title=step_titles.get(option.get("pathway_step") or "", ""),
                    points=_whole_number(option.get("points")),
                    critical=bool(option.get("critical")),
                    recommended=bool(option.get("recommended")),
                    ends=not target,
                    broken=bool(target) and target not in by_key,
                    next_title=titles.get(target, target),
                    next_number=numbers.get(target, 0),
                )
            )
        if node.kind == "spot_signs":
            node.ends = not node.next
            node.broken = bool(node.next) and node.next not in by_key
            node.next_title = titles.get(node.next, node.next)
            node.next_number = numbers.get(node.next, 0)
        nodes.append(node)
    node_of = {}
    for node in nodes:
        node_of.setdefault(node.key, node)

    _mark_reachable_and_loops(nodes, node_of)
    recommended = _mark_recommended(stages, by_key, following, node_of)
    for node in nodes:
        if node.kind == "spot_signs":
            node.dead_end = node.broken or (node.ends and not node.on_path)
        for option in node.options:
            off_path_ending = option.ends and not option.critical and not option.on_path
            option.dead_end = option.broken or off_path_ending
    return BranchMap(stages=nodes, recommended=recommended)


def _mark_reachable_and_loops(nodes, node_of):
    """Depth-first from the first stage, then from every other (loops among unreachable ones)."""
    state = {}  # key -> "open" while on the current walk, "done" after
    stack = []

    def walk(node, reachable):
        node.reachable = reachable
        state[node.key] = "open"
        stack.append(node.key)
        for option, target in _exits(node):
            if target not in node_of:
                continue
            if state.get(target) == "open":
                # A link back to a stage on the way here: every stage from there round loops.
                for looped in stack[stack.index(target) :]:
                    node_of[looped].in_loop = True
                if option is not None:
                    option.loops_back = True
                else:
                    node.loops_back = True
            elif target not in state:
                walk(node_of[target], reachable)
        stack.pop()
        state[node.key] = "done"

    for number, node in enumerate(nodes):
        if node.key not in state and node_of[node.key] is node:
            walk(node, number == 0)


def _mark_recommended(stages, by_key, following, node_of):
    """Follow the recommended options from the first stage; stop at an end, a gap or a loop."""
    path, chosen = [], set()
    key = stages[0]["key"] if stages else ""
    while key and key in by_key and key not in path:
        stage = by_key[key]
        if stage.get("requires") and stage["requires"] not in chosen:
            key = following[key]  # its condition fails on this path: skipped
            continue
        path.append(key)
        node = node_of[key]
        node.on_path = True
        if stage["kind"] == "spot_signs":
            key = stage.get("next") or ""
            continue
        best = next((o for o in node.options if o.recommended), None)
        if best is None:
            break
        best.on_path = True
        chosen.add(f"{key}.{best.key}")
        key = best.next
    return path


def describe_option(option):
    """The option's marks in words, for the map and for screen readers."""
    marks = []
    if option.on_path:
        marks.append(_("Recommended path"))
    elif option.recommended:
        marks.append(_("Recommended"))
    if option.critical:
        marks.append(_("Critical error: fails the scenario and ends it"))
    if option.broken:
        marks.append(_("Dead end: leads to a stage that does not exist"))
    elif option.dead_end:
        marks.append(_("Dead end: ends the scenario off the recommended path"))
    if option.loops_back:
        marks.append(_("Loop: leads back to an earlier stage"))
    return marks
