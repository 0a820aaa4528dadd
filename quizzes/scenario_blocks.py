"""
The stages of a spot-the-signs scenario, edited by trainers in one StreamField.

A scenario is a short story told in stages. A *spot the signs* stage lists observations: each is
either linked to an indicator (a sign) or is a red herring with an explanation of why it is not
enough on its own. A *decision* stage offers actions: each is tied to a step of the referral
pathway, carries points and feedback, may be a critical error (such as confronting a suspected
exploiter), and names the stage that follows it, so paths branch. A stage may require that an
earlier option was chosen.

:func:`validate_stages` checks what a trainer could get wrong: duplicate keys, a "next" stage
that does not exist, a stage no path reaches, a loop, a decision without exactly one recommended
option, or an option that neither names a pathway step nor is marked critical.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail import blocks

from quizzes.rich_text import QUESTION_RICH_TEXT_FEATURES

KEY_HELP = _lazy("A short identifier, unique in this scenario, such as 'first-decision'.")


class ObservationBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    text = blocks.CharBlock(label=_lazy("What the learner notices"), max_length=400)
    indicator = blocks.CharBlock(
        label=_lazy("Indicator key"),
        max_length=100,
        required=False,
        help_text=_lazy("The indicator this is a sign of. Leave empty for a red herring."),
    )
    explanation = blocks.TextBlock(
        label=_lazy("Explanation"), help_text=_lazy("Why it is, or is not on its own, a sign.")
    )


class SpotSignsStageBlock(blocks.StructBlock):
    """Learners pick the details that could be signs of trafficking."""

    key = blocks.CharBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    title = blocks.CharBlock(label=_lazy("Title"), max_length=200)
    prompt = blocks.RichTextBlock(label=_lazy("Prompt"), features=QUESTION_RICH_TEXT_FEATURES)
    observations = blocks.ListBlock(ObservationBlock(), label=_lazy("Observations"))
    next = blocks.CharBlock(
        label=_lazy("Next stage"),
        max_length=60,
        required=False,
        help_text=_lazy("Key of the stage that follows. Empty: the scenario ends here."),
    )

    class Meta:
        icon = "view"
        label = _lazy("Spot the signs")


class OptionBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    text = blocks.CharBlock(label=_lazy("Action"), max_length=400)
    pathway_step = blocks.CharBlock(
        label=_lazy("Referral pathway step"),
        max_length=120,
        required=False,
        help_text=_lazy("As 'pathway:step', such as 'adults:tell-the-lead'."),
    )
    points = blocks.IntegerBlock(label=_lazy("Points"), default=0, min_value=0, max_value=10)
    critical = blocks.BooleanBlock(
        label=_lazy("Critical error"),
        required=False,
        help_text=_lazy("Fails the scenario whatever the score, such as confronting an exploiter."),
    )
    recommended = blocks.BooleanBlock(label=_lazy("Recommended"), required=False)
    feedback = blocks.TextBlock(label=_lazy("Feedback"))
    next = blocks.CharBlock(
        label=_lazy("Next stage"),
        max_length=60,
        required=False,
        help_text=_lazy("Key of the stage that follows. Empty: the scenario ends here."),
    )


class DecisionStageBlock(blocks.StructBlock):
    """Learners choose what to do; each action is tied to a step of the referral pathway."""

    key = blocks.CharBlock(label=_lazy("Key"), max_length=60, help_text=KEY_HELP)
    title = blocks.CharBlock(label=_lazy("Title"), max_length=200)
    prompt = blocks.RichTextBlock(label=_lazy("Prompt"), features=QUESTION_RICH_TEXT_FEATURES)
    requires = blocks.CharBlock(
        label=_lazy("Only after"),
        max_length=130,
        required=False,
        help_text=_lazy("Optional: 'stage-key.option-key' that must have been chosen earlier."),
    )
    options = blocks.ListBlock(OptionBlock(), label=_lazy("Options"))

    class Meta:
        icon = "decision"
        label = _lazy("Decision")


class ScenarioStagesBlock(blocks.StreamBlock):
    spot_signs = SpotSignsStageBlock()
    decision = DecisionStageBlock()


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


def validate_stages(stages, *, pathway_step_exists=None):
    """Raise ``ValidationError`` listing every problem in ``stages`` (plain dicts)."""
    errors = []
    if not stages:
        raise ValidationError(_("A scenario needs at least one stage."))
    keys = [s["key"] for s in stages]
    by_key = {s["key"]: s for s in stages}
    for key in {k for k in keys if keys.count(k) > 1}:
        errors.append(_("Two stages share the key “%(key)s”.") % {"key": key})

    def targets(stage):
        found = (
            [stage.get("next", "")]
            if stage["kind"] == "spot_signs"
            else [option.get("next", "") for option in stage["options"]]
        )
        if stage.get("requires"):  # skipped when its condition fails: on to the next in the list
            index = keys.index(stage["key"]) + 1
            if index < len(keys):
                found.append(keys[index])
        return found

    for stage in stages:
        for target in targets(stage):
            if target and target not in by_key:
                errors.append(
                    _("Stage “%(stage)s” leads to “%(target)s”, which does not exist.")
                    % {"stage": stage["key"], "target": target}
                )
        if stage["kind"] == "spot_signs":
            observation_keys = [o["key"] for o in stage["observations"]]
            if len(set(observation_keys)) != len(observation_keys):
                errors.append(
                    _("Stage “%(stage)s” repeats an observation key.") % {"stage": stage["key"]}
                )
            if not any(o.get("indicator") for o in stage["observations"]):
                errors.append(
                    _("Stage “%(stage)s” has no observation linked to an indicator.")
                    % {"stage": stage["key"]}
                )
            continue
        option_keys = [o["key"] for o in stage["options"]]
        if len(option_keys) < 2:
            errors.append(
                _("Decision “%(stage)s” needs at least two options.") % {"stage": stage["key"]}
            )
        if len(set(option_keys)) != len(option_keys):
            errors.append(
                _("Decision “%(stage)s” repeats an option key.") % {"stage": stage["key"]}
            )
        if sum(1 for o in stage["options"] if o.get("recommended")) != 1:
            errors.append(
                _("Decision “%(stage)s” needs exactly one recommended option.")
                % {"stage": stage["key"]}
            )
        for option in stage["options"]:
            step = option.get("pathway_step") or ""
            if not step and not option.get("critical"):
                errors.append(
                    _(
                        "Option “%(option)s” in “%(stage)s” must name a pathway step or be "
                        "marked as a critical error."
                    )
                    % {"option": option["key"], "stage": stage["key"]}
                )
            if step and pathway_step_exists is not None and not pathway_step_exists(step):
                errors.append(
                    _(
                        "Option “%(option)s” names the pathway step “%(step)s”, which does "
                        "not exist."
                    )
                    % {"option": option["key"], "step": step}
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
                errors.append(
                    _(
                        "Stage “%(stage)s” requires “%(requires)s”, which is not an option of "
                        "an earlier decision."
                    )
                    % {"stage": stage["key"], "requires": requires}
                )

    # Every stage is reachable from the first, and no path loops (so every branch ends).
    if not errors:
        reached, visiting = set(), set()

        def walk(key):
            if key in visiting:
                errors.append(
                    _("The stages loop back to “%(key)s”: every branch must end.") % {"key": key}
                )
                return
            if key in reached:
                return
            visiting.add(key)
            reached.add(key)
            for target in targets(by_key[key]):
                if target:
                    walk(target)
            visiting.discard(key)

        walk(stages[0]["key"])
        for key in keys:
            if key not in reached:
                errors.append(_("No path reaches the stage “%(key)s”.") % {"key": key})
    if errors:
        raise ValidationError(errors)
