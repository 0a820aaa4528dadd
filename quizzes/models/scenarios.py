"""
Spot-the-signs scenarios: a question type that tells a story in stages.

A learner reads a realistic situation, picks which details are signs (and which are red
herrings), then decides what to do at each point; every decision is tied to a step of the
organisation's referral pathway. As a question type, a scenario is graded inside a quiz like any
other question, from its frozen snapshot.

The learner's response records the path taken::

    {"path": [{"stage": "signs", "signs": ["boss-holds-letter", ...]},
              {"stage": "first-decision", "option": "quiet-word"}],
     "finished": true}

Scoring: one point per sign found, minus one per red herring picked (never below zero), plus
the points of each option chosen; divided by what the recommended path would earn. Any critical
error (confronting an exploiter, using a companion as interpreter, ignoring immediate danger...)
scores zero whatever else was done.

A stage with a condition (``requires``) is shown only when that option was chosen earlier;
otherwise the learner goes on to the next stage in the list.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField
from wagtail_localize.fields import SynchronizedField

from pathways.indicators import ExploitationType
from quizzes.models.questions import GradeResult, Question
from quizzes.rich_text import QUESTION_RICH_TEXT_FEATURES
from quizzes.scenario_blocks import ScenarioStagesBlock, stages_as_data, validate_stages
from quizzes.scenario_forms import ScenarioStageForm
from quizzes.scenario_map import branch_map
from quizzes.scenario_paths import max_points, path_points, recommended_path
from quizzes.tokens import add_tokens, new_token


class ScenarioSetting(models.TextChoices):
    REFUGEE_SUPPORT_DROP_IN = "refugee_support_drop_in", _("Refugee-support drop-in")
    EMERGENCY_REST_CENTRE = "emergency_rest_centre", _("Emergency rest centre")
    FAMILY_TRACING = "family_tracing", _("Family tracing enquiry")
    CHARITY_SHOP = "charity_shop", _("Charity shop")
    FOOD_DISTRIBUTION = "food_distribution", _("Food distribution")
    FOOD_BANK = "food_bank", _("Food bank")
    CASEWORK = "casework", _("Casework")
    INDEPENDENT_LIVING = "independent_living", _("Independent living and home support")
    EVENT_FIRST_AID = "event_first_aid", _("Event first aid")
    FUNDRAISING = "fundraising", _("Fundraising")
    HELPLINE = "helpline", _("Helpline or support line")
    OTHER = "other", _("Other")


class ScenarioUse(models.TextChoices):
    """Where a scenario may appear: practised in lessons, assessed in quizzes, or both.

    Practice shows the recommended path after every run, so a scenario learners practise is no
    evidence in a quiz: quizzes draw only scenarios that may be assessed, lessons show only those
    that may be practised, and the quality check warns about "both".
    """

    PRACTICE = "practice", _("Practice: shown in lessons, never in a quiz")
    ASSESSED = "assessed", _("Assessed: asked in quizzes only, never shown in a lesson")
    BOTH = "both", _("Both (learners can rehearse its path before the quiz)")

    @property
    def may_be_practised(self):
        return self != ScenarioUse.ASSESSED

    @property
    def may_be_assessed(self):
        return self != ScenarioUse.PRACTICE


class ScenarioQuestion(Question):
    """A branching spot-the-signs scenario tied to the referral pathway."""

    setting = models.CharField(
        _("setting"), max_length=40, choices=ScenarioSetting.choices, default=ScenarioSetting.OTHER
    )
    use = models.CharField(
        _("used for"),
        max_length=20,
        choices=ScenarioUse.choices,
        default=ScenarioUse.BOTH,
        help_text=_(
            "Assessed scenarios are evidence only if learners have not rehearsed them: keep the "
            "ones a quiz draws apart from the ones lessons show."
        ),
    )
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    pathway_key = models.SlugField(
        _("referral pathway"),
        max_length=60,
        default="adults",
        help_text=_("The pathway the decisions are tied to, such as 'adults' or 'children'."),
    )
    content_note = models.TextField(_("content note"), blank=True)
    debrief = RichTextField(
        _("debrief"),
        blank=True,
        features=["h3", *QUESTION_RICH_TEXT_FEATURES],
        help_text=_("Shown at the end: what the signs meant, the recommended path and why."),
    )
    stages = StreamField(ScenarioStagesBlock(), verbose_name=_("stages"), blank=True)

    #: Wiring, not words: a translation keeps the source's key and pathway (the stages' own
    #: wiring, such as stage keys and pathway steps, is kept by their blocks).
    override_translatable_fields = [SynchronizedField("key"), SynchronizedField("pathway_key")]

    type_key = "scenario"
    template_name = "quizzes/questions/scenario.html"

    class Meta:
        verbose_name = _("spot-the-signs scenario")
        verbose_name_plural = _("spot-the-signs scenarios")

    def clean(self):
        super().clean()
        unknown = set(self.exploitation_types or []) - set(ExploitationType.values)
        if unknown:
            raise ValidationError({"exploitation_types": _("Unknown forms of exploitation.")})

    def clean_fields(self, exclude=None):
        """Check the stages as a whole, unless a form has already refused them field by field.

        The admin form's StreamField checks the stages block by block and shows each problem
        beside its field; it then excludes ``stages`` here, so no message appears twice.
        """
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "stages" not in (exclude or ()) and "stages" not in errors:
            try:
                validate_stages(stages_as_data(self.stages), pathway_step_exists=_known_steps())
            except ValidationError as error:
                errors["stages"] = error.messages
        if errors:
            raise ValidationError(errors)

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        stages = stages_as_data(self.stages)
        taken = set()
        for stage in stages:
            # Observations are separate details (the narrative tells the story in order), and
            # authors tend to list the signs before the red herrings: both lists are shuffled.
            entries = stage["options"] if stage["kind"] == "decision" else stage["observations"]
            if shuffle_choices:
                rng.shuffle(entries)
            add_tokens(entries, rng, taken)
            stage["token"] = new_token(rng, taken)
        data.update(
            setting=self.setting,
            use=self.use,
            setting_label=str(self.get_setting_display()),
            pathway=self.pathway_key,
            content_note=self.content_note,
            debrief=self.debrief,
            stages=stages,
        )
        data["recommended_path"] = recommended_path(data)
        data["max_points"] = max_points(data)
        return data

    # Preview in the admin: as learners see it, or as a branch map of every stage and option.

    @property
    def preview_modes(self):
        return [("", _("As learners see it")), ("branch-map", _("Branch map"))]

    def get_preview_template(self, request, mode_name):
        if mode_name == "branch-map":
            return "quizzes/branch_map_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        if mode_name == "branch-map":
            return {"request": request, "question": self, "map": self.branch_map()}
        return super().get_preview_context(request, mode_name)

    def branch_map(self):
        """The :class:`quizzes.scenario_map.BranchMap` of the stages as they stand."""
        from quizzes.scenario_choices import pathway_step_titles

        return branch_map(stages_as_data(self.stages), step_titles=pathway_step_titles())

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        return ScenarioStageForm(snapshot, *args, **form_kwargs)

    @classmethod
    def response_is_complete(cls, snapshot, response):
        return bool((response or {}).get("finished"))

    @classmethod
    def grade(cls, snapshot, response):
        path = (response or {}).get("path") or []
        if not path:
            return GradeResult(Decimal("0"), answered=False)
        points, critical = path_points(snapshot, path)
        if critical or not snapshot.get("max_points"):
            return GradeResult(Decimal("0"), answered=True)
        score = Decimal(points) / Decimal(snapshot["max_points"])
        return GradeResult(min(Decimal("1"), score).quantize(Decimal("0.0001")), answered=True)


def _known_steps():
    """A check that a "pathway:step" reference names a step of a live pathway.

    None while no pathway exists yet (a fresh site), so scenarios can be written first.
    """
    from pathways.models import PathwayStep, step_reference

    rows = PathwayStep.objects.filter(pathway__live=True).values_list("pathway__key", "key")
    known = {step_reference(pathway, step) for pathway, step in rows}
    return known.__contains__ if known else None
