"""
Admin forms for the question bank, extra time and categories.

Wagtail builds each form from the panels in :mod:`quizzes.wagtail_hooks` on top of these base
classes (``base_form_class``), which add the rules a question must meet before learners can
answer it, each with a message a trainer can act on:

* single choice: at least two options, exactly one marked correct;
* multiple choice: at least one correct option and at least one wrong one;
* ordering: at least two steps;
* matching: at least two pairs, each with a different match;
* every question: a key no other question uses; left empty, it is made from the title
  (:mod:`quizzes.question_keys`). (An image without alternative text is refused
  by ``Question.clean()``, which the form runs, with the error on the alternative text field.)

Extra time gets a clear message when the learner already has extra time for that quiz (or for
every quiz), where the database constraint alone would give a generic one.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from pathways.indicators import ExploitationType
from quizzes.models import Question, TimeAllowance
from quizzes.quality import question_warnings
from quizzes.question_keys import unique_question_key


def kept_child_forms(formset):
    """The child forms that will be saved: filled in and not marked for deletion."""
    kept = []
    for form in formset.forms:
        form.is_valid()  # fills cleaned_data (partly, if the form has errors)
        data = getattr(form, "cleaned_data", {})
        if data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form)
    return kept


class QuestionAdminForm(WagtailAdminModelForm):
    """What every question type checks; subclasses check their own options in ``clean()``."""

    #: The child relation whose forms :meth:`kept` returns (``options``, ``items``, ``pairs``).
    child_relation = None

    def clean_key(self):
        key = self.cleaned_data.get("key")
        if key:
            # Keys are unique per language: a translation keeps its source's key.
            taken = Question.objects.non_polymorphic().filter(
                key=key, locale_id=self.instance.locale_id or Locale.get_default().pk
            )
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _("Another question already has the key “%(key)s”. Choose a different key."),
                    params={"key": key},
                    code="duplicate_key",
                )
        return key

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("key") and "key" not in self.errors:
            title = cleaned_data.get("title")
            if title:
                cleaned_data["key"] = unique_question_key(title, exclude_pk=self.instance.pk)
        return cleaned_data

    @cached_property
    def quality_warnings(self):
        """The quality check's findings about the saved question (none while editing a post).

        Shown beside the fields they concern (:mod:`quizzes.admin_panels`).
        """
        if self.is_bound or self.instance.pk is None:
            return []
        return question_warnings(self.instance)

    def kept(self):
        formset = self.formsets.get(self.child_relation)
        return [] if formset is None else kept_child_forms(formset)


class SingleChoiceQuestionForm(QuestionAdminForm):
    child_relation = "options"

    def clean(self):
        cleaned_data = super().clean()
        options = self.kept()
        if len(options) < 2:
            self.add_error(None, _("Add at least two options for learners to choose from."))
        correct = [form for form in options if form.cleaned_data.get("is_correct")]
        if len(correct) != 1:
            self.add_error(
                None,
                _(
                    "Mark exactly one option as correct (%(count)d are marked): learners "
                    "choose one answer. Use a multiple choice question for more than one."
                )
                % {"count": len(correct)},
            )
        return cleaned_data


class MultipleChoiceQuestionForm(QuestionAdminForm):
    child_relation = "options"

    def clean(self):
        cleaned_data = super().clean()
        options = self.kept()
        correct = [form for form in options if form.cleaned_data.get("is_correct")]
        if not correct:
            self.add_error(None, _("Mark at least one option as correct."))
        if len(correct) == len(options):
            self.add_error(
                None,
                _(
                    "Add at least one wrong option (not marked correct): if every option is "
                    "right, choosing them all always scores."
                ),
            )
        return cleaned_data


class OrderingQuestionForm(QuestionAdminForm):
    child_relation = "items"

    def clean(self):
        cleaned_data = super().clean()
        if len(self.kept()) < 2:
            self.add_error(None, _("Add at least two steps for learners to put in order."))
        return cleaned_data


class MatchingQuestionForm(QuestionAdminForm):
    child_relation = "pairs"

    def clean(self):
        cleaned_data = super().clean()
        pairs = self.kept()
        if len(pairs) < 2:
            self.add_error(None, _("Add at least two pairs for learners to match."))
        seen = set()
        for form in pairs:
            right = (form.cleaned_data.get("right") or "").strip()
            if not right:
                continue
            if right.casefold() in seen:
                message = _(
                    "Another item already has the match “%(right)s”. Each item needs a "
                    "different match, or learners could not tell which one is meant."
                ) % {"right": right}
                form.add_error("right", message)
                self.add_error(None, message)
            seen.add(right.casefold())
        return cleaned_data


class TimeAllowanceForm(WagtailAdminModelForm):
    """Extra time for one learner on one timed quiz, or on every timed quiz (no quiz chosen)."""

    def clean(self):
        cleaned_data = super().clean()
        user, quiz = cleaned_data.get("user"), cleaned_data.get("quiz")
        if user is None:
            return cleaned_data
        existing = TimeAllowance.objects.filter(user=user, quiz=quiz)
        if self.instance.pk:
            existing = existing.exclude(pk=self.instance.pk)
        if existing.exists():
            if quiz is None:
                message = _(
                    "This learner already has extra time for every timed quiz. Edit that "
                    "entry instead."
                )
            else:
                message = _(
                    "This learner already has extra time for this quiz. Edit that entry instead."
                )
            # The error on "quiz" also stops the database constraints' generic message.
            self.add_error("quiz", message)
        return cleaned_data


class ScenarioQuestionForm(QuestionAdminForm):
    """Scenarios: forms of exploitation as checkboxes, the pathway picked from the live ones.

    The stages validate block by block (:mod:`quizzes.scenario_blocks`) and then on the model.
    """

    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pathway_key" in self.fields:
            model_field = self.fields["pathway_key"]
            self.fields["pathway_key"] = forms.ChoiceField(
                label=model_field.label,
                help_text=_("The referral pathway the decisions follow."),
                choices=self._pathway_choices(),
            )

    def _pathway_choices(self):
        """The live pathways by title; a pathway the scenario names but no longer live stays."""
        from pathways.models import ReferralPathway

        choices = {}
        for key, title in (
            ReferralPathway.objects.live()
            .order_by("locale_id", "sort_order", "title")
            .values_list("key", "title")
        ):
            choices.setdefault(key, title)
        current = self.initial.get("pathway_key") or self.instance.pathway_key
        if current and current not in choices:
            choices[current] = current
        return list(choices.items())

    def clean_exploitation_types(self):
        return list(self.cleaned_data.get("exploitation_types") or [])
