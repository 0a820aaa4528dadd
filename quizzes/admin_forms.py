"""
Admin forms for the question bank, extra time and categories.

Wagtail builds each form from the panels in :mod:`quizzes.wagtail_hooks` on top of these base
classes (``base_form_class``), which add the rules a question must meet before learners can
answer it, each with a message a trainer can act on:

* single choice: at least two options, exactly one marked correct;
* multiple choice: at least one correct option and at least one wrong one;
* ordering: at least two steps;
* matching: at least two pairs, each with a different match;
* every question: a key no other question uses. (An image without alternative text is refused
  by ``Question.clean()``, which the form runs, with the error on the alternative text field.)

Extra time gets a clear message when the learner already has extra time for that quiz (or for
every quiz), where the database constraint alone would give a generic one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from pathways.indicators import ExploitationType
from quizzes.models import Question, TimeAllowance


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
            taken = Question.objects.non_polymorphic().filter(key=key)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _("Another question already has the key “%(key)s”. Choose a different key."),
                    params={"key": key},
                    code="duplicate_key",
                )
        return key

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
    """Scenarios: the forms of exploitation as checkboxes; the stages validate on the model."""

    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_exploitation_types(self):
        return list(self.cleaned_data.get("exploitation_types") or [])
