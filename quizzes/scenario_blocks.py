"""
The stages of a spot-the-signs scenario, edited by trainers in one StreamField.

A scenario is a short story told in stages. A *spot the signs* stage lists observations: each is
either linked to an indicator (a sign) or is a red herring with an explanation of why it is not
enough on its own. A *decision* stage offers actions: each is tied to a step of the referral
pathway, carries points and feedback, may be a critical error (such as confronting a suspected
exploiter), and names the stage that follows it, so paths branch. A stage may require that an
earlier option was chosen.

Trainers pick rather than type (see :mod:`quizzes.scenario_choices`): indicators and pathway
steps from the libraries, the next stage and "only after" from this scenario's own stages; keys
are filled from titles. Stages start folded, so a long scenario reads as a list of titles.

:func:`stage_issues` finds what a trainer could get wrong: duplicate keys, a "next" stage that
does not exist, a stage no path reaches, a loop, a decision without exactly one recommended
option, or an option that neither names a pathway step nor is marked critical. Each issue knows
the field it concerns, so the editor shows it beside that field (:meth:`ScenarioStagesBlock.clean`)
and the edit page lists them all at the top.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from quizzes.rich_text import QUESTION_RICH_TEXT_FEATURES
from quizzes.scenario_choices import (
    KeyBlock,
    LibraryChoiceBlock,
    StageReferenceBlock,
    indicator_choices,
    pathway_step_choices,
)

KEY_HELP = _lazy(
    "A short identifier, unique in this scenario, filled in from the title. Change it only "
    "before learners have taken the scenario."
)
NEXT_HELP = _lazy("The stage that follows. “The scenario ends here”: nothing follows.")


class FillsKeyMixin:
    """Fill an empty ``key`` from another field (the title or text), as a slug of 60 at most."""

    key_source = "title"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = slugify(value.get(self.key_source) or "")[:60].strip("-")
        return value


class ObservationBlock(FillsKeyMixin, blocks.StructBlock):
    key_source = "text"

    text = blocks.CharBlock(label=_lazy("What the learner notices"), max_length=400)
    key = KeyBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    indicator = LibraryChoiceBlock(
        indicator_choices,
        blank_label=_lazy("None: a red herring"),
        label=_lazy("Sign from the indicator library"),
        help_text=_lazy("The indicator this is a sign of. “None” makes it a red herring."),
    )
    explanation = blocks.TextBlock(
        label=_lazy("Explanation"), help_text=_lazy("Why it is, or is not on its own, a sign.")
    )


class SpotSignsStageBlock(FillsKeyMixin, blocks.StructBlock):
    """Learners pick the details that could be signs of trafficking."""

    title = blocks.CharBlock(label=_lazy("Title"), max_length=200)
    key = KeyBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    prompt = blocks.RichTextBlock(label=_lazy("Prompt"), features=QUESTION_RICH_TEXT_FEATURES)
    observations = blocks.ListBlock(ObservationBlock(), label=_lazy("Observations"))
    next = StageReferenceBlock(
        "stage",
        _lazy("The scenario ends here"),
        label=_lazy("Next stage"),
        max_length=60,
        required=False,
        help_text=NEXT_HELP,
    )

    class Meta:
        icon = "view"
        label = _lazy("Spot the signs")


class OptionBlock(FillsKeyMixin, blocks.StructBlock):
    key_source = "text"

    text = blocks.CharBlock(label=_lazy("Action"), max_length=400)
    key = KeyBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    pathway_step = LibraryChoiceBlock(
        pathway_step_choices,
        blank_label=_lazy("None (only for a critical error)"),
        label=_lazy("Referral pathway step"),
        help_text=_lazy("The step of a published referral pathway this action follows."),
    )
    points = blocks.IntegerBlock(label=_lazy("Points"), default=0, min_value=0, max_value=10)
    critical = blocks.BooleanBlock(
        label=_lazy("Critical error"),
        required=False,
        help_text=_lazy("Fails the scenario whatever the score, such as confronting an exploiter."),
    )
    recommended = blocks.BooleanBlock(label=_lazy("Recommended"), required=False)
    feedback = blocks.TextBlock(label=_lazy("Feedback"))
    next = StageReferenceBlock(
        "stage",
        _lazy("The scenario ends here"),
        label=_lazy("Next stage"),
        max_length=60,
        required=False,
        help_text=_lazy(
            "The stage that follows this action. A critical error always ends the scenario."
        ),
    )


class DecisionStageBlock(FillsKeyMixin, blocks.StructBlock):
    """Learners choose what to do; each action is tied to a step of the referral pathway."""

    title = blocks.CharBlock(label=_lazy("Title"), max_length=200)
    key = KeyBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    prompt = blocks.RichTextBlock(label=_lazy("Prompt"), features=QUESTION_RICH_TEXT_FEATURES)
    requires = StageReferenceBlock(
        "option",
        _lazy("Always shown"),
        label=_lazy("Only after"),
        max_length=130,
        required=False,
        help_text=_lazy(
            "Optional: show this stage only to learners who chose this option earlier; "
            "others go on to the next stage in the list."
        ),
    )
    options = blocks.ListBlock(OptionBlock(), label=_lazy("Options"))

    class Meta:
        icon = "decision"
        label = _lazy("Decision")


class ScenarioStagesBlock(blocks.StreamBlock):
    """The stages in order; the first is where every learner starts."""

    spot_signs = SpotSignsStageBlock()
    decision = DecisionStageBlock()

    class Meta:
        collapsed = True

    def clean(self, value):
        value = super().clean(value)
        issues = stage_issues(stages_as_data(value))
        if issues:
            raise issues_as_block_errors(issues)
        return value


def stages_as_data(stream_value):
    """Plain dicts (``kind`` plus the block's fields) from the stages StreamField."""
    stages = []
    for child in stream_value:
        value = child.value
        stage = {
            "kind": child.block_type,
            "key": value["key"],
            "title": value["title"],
            "prompt": value["prompt"].source,
        }
        if child.block_type == "spot_signs":
            stage["next"] = value.get("next") or ""
            stage["observations"] = [dict(o) for o in value["observations"]]
        else:
            stage["requires"] = value.get("requires") or ""
            stage["options"] = [dict(o) for o in value["options"]]
        stages.append(stage)
    return stages


@dataclass(frozen=True)
class StageIssue:
    """One problem with the stages, and where it is.

    ``where`` is ``()`` for the whole list, ``(stage,)`` for a stage, ``(stage, field)`` for one
    of its fields, or ``(stage, "options" or "observations", item, field)`` inside a list.
    """

    message: str
    where: tuple = ()


def validate_stages(stages, *, pathway_step_exists=None):
    """Raise ``ValidationError`` listing every problem in ``stages`` (plain dicts)."""
    issues = stage_issues(stages, pathway_step_exists=pathway_step_exists)
    if issues:
        raise ValidationError([issue.message for issue in issues])


def stage_issues(stages, *, pathway_step_exists=None):
    """Every problem in ``stages`` (plain dicts) as :class:`StageIssue`, in the order shown."""
    from quizzes.scenario_map import branch_map

    if not stages:
        return [StageIssue(_("A scenario needs at least one stage."))]
    issues = []
    keys = [s["key"] for s in stages]
    by_key = {s["key"]: s for s in stages}
    for index, stage in enumerate(stages):
        if keys.count(stage["key"]) > 1:
            issues.append(
                StageIssue(
                    _("Two stages share the key “%(key)s”.") % {"key": stage["key"]},
                    (index, "key"),
                )
            )
        if stage["kind"] == "spot_signs":
            issues.extend(_spot_signs_issues(index, stage, by_key))
        else:
            issues.extend(_decision_issues(index, stage, by_key, pathway_step_exists))

    # Every stage is reachable from the first, and no path loops (so every branch ends).
    graph = branch_map(stages)
    for index, node in enumerate(graph.stages):
        loop_message = _("The stages loop back to “%(key)s”: every branch must end.")
        if node.loops_back:
            issues.append(StageIssue(loop_message % {"key": node.next}, (index, "next")))
        for item, option in enumerate(node.options):
            if option.loops_back:
                issues.append(
                    StageIssue(
                        loop_message % {"key": option.next}, (index, "options", item, "next")
                    )
                )
        if not node.reachable and keys.count(node.key) == 1:
            issues.append(
                StageIssue(_("No path reaches the stage “%(key)s”.") % {"key": node.key}, (index,))
            )
    return issues


def _spot_signs_issues(index, stage, by_key):
    target = stage.get("next") or ""
    if target and target not in by_key:
        yield StageIssue(
            _("Stage “%(stage)s” leads to “%(target)s”, which does not exist.")
            % {"stage": stage["key"], "target": target},
            (index, "next"),
        )
    observation_keys = [o["key"] for o in stage["observations"]]
    for item, key in enumerate(observation_keys):
        if observation_keys.count(key) > 1:
            yield StageIssue(
                _("Stage “%(stage)s” repeats an observation key.") % {"stage": stage["key"]},
                (index, "observations", item, "key"),
            )
    if not any(o.get("indicator") for o in stage["observations"]):
        yield StageIssue(
            _("Stage “%(stage)s” has no observation linked to an indicator.")
            % {"stage": stage["key"]},
            (index, "observations"),
        )


def _decision_issues(index, stage, by_key, pathway_step_exists):
    options = stage["options"]
    option_keys = [o["key"] for o in options]
    if len(option_keys) < 2:
        yield StageIssue(
            _("Decision “%(stage)s” needs at least two options.") % {"stage": stage["key"]},
            (index, "options"),
        )
    if sum(1 for o in options if o.get("recommended")) != 1:
        yield StageIssue(
            _("Decision “%(stage)s” needs exactly one recommended option.")
            % {"stage": stage["key"]},
            (index, "options"),
        )
    for item, option in enumerate(options):
        where = (index, "options", item)
        if option_keys.count(option["key"]) > 1:
            yield StageIssue(
                _("Decision “%(stage)s” repeats an option key.") % {"stage": stage["key"]},
                (*where, "key"),
            )
        target = option.get("next") or ""
        if target and target not in by_key and not option.get("critical"):
            yield StageIssue(
                _("Stage “%(stage)s” leads to “%(target)s”, which does not exist.")
                % {"stage": stage["key"], "target": target},
                (*where, "next"),
            )
        step = option.get("pathway_step") or ""
        if not step and not option.get("critical"):
            yield StageIssue(
                _(
                    "Option “%(option)s” in “%(stage)s” must name a pathway step or be "
                    "marked as a critical error."
                )
                % {"option": option["key"], "stage": stage["key"]},
                (*where, "pathway_step"),
            )
        if step and pathway_step_exists is not None and not pathway_step_exists(step):
            yield StageIssue(
                _("Option “%(option)s” names the pathway step “%(step)s”, which does not exist.")
                % {"option": option["key"], "step": step},
                (*where, "pathway_step"),
            )
    requires = stage.get("requires") or ""
    if requires:
        stage_key, _dot, option_key = requires.partition(".")
        required = by_key.get(stage_key)
        if (
            required is None
            or required["kind"] != "decision"
            or option_key not in [o["key"] for o in required["options"]]
        ):
            yield StageIssue(
                _(
                    "Stage “%(stage)s” requires “%(requires)s”, which is not an option of "
                    "an earlier decision."
                )
                % {"stage": stage["key"], "requires": requires},
                (index, "requires"),
            )


def issues_as_block_errors(issues):
    """The nested errors Wagtail's StreamField shows beside each field, from ``issues``."""
    non_block, stages = [], {}
    for issue in issues:
        if not issue.where:
            non_block.append(issue.message)
            continue
        stage = stages.setdefault(issue.where[0], {"fields": {}, "own": [], "lists": {}})
        rest = issue.where[1:]
        if not rest:
            stage["own"].append(issue.message)
        elif len(rest) == 1:
            stage["fields"].setdefault(rest[0], []).append(issue.message)
        else:
            name, item, field = rest
            items = stage["lists"].setdefault(name, {"own": [], "items": {}})
            items["items"].setdefault(item, {}).setdefault(field, []).append(issue.message)
    block_errors = {}
    for index, stage in stages.items():
        fields = {name: ValidationError(messages) for name, messages in stage["fields"].items()}
        for name, items in stage["lists"].items():
            own = [str(m) for m in fields.pop(name).messages] if name in fields else []
            fields[name] = ListBlockValidationError(
                block_errors={
                    item: StructBlockValidationError(
                        block_errors={f: ValidationError(m) for f, m in errors.items()}
                    )
                    for item, errors in items["items"].items()
                },
                non_block_errors=own,
            )
        block_errors[index] = StructBlockValidationError(
            block_errors=fields, non_block_errors=stage["own"]
        )
    return StreamBlockValidationError(block_errors=block_errors, non_block_errors=non_block)
