"""
Answer forms, one per question type, built from an attempt's frozen snapshot.

A form only knows the presentation: the options' texts and tokens in the order shown (see
:mod:`quizzes.models.questions`). It validates that every submitted token belongs to this
question in this attempt (a token from another question is an invalid choice) and turns the
cleaned data into the JSON ``response()`` stored on the attempt, in stable keys, so grading and
reports never see tokens. Nothing here, and nothing these forms render, says which answer is
right.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from elearning.sanitize import clean_learner_text
from quizzes.tokens import shown_value


def _choices(entries):
    """Form choices for ``entries``: each shown by its token, labelled by its text."""
    return [(shown_value(entry), entry["text"]) for entry in entries]


def _to_keys(entries):
    """Token → stable key, for turning what was posted into what is stored."""
    return {shown_value(entry): entry["key"] for entry in entries}


def _to_tokens(entries):
    """Stable key → token, for showing a saved answer."""
    return {entry["key"]: shown_value(entry) for entry in entries}


class QuestionForm(forms.Form):
    """Base: ``snapshot`` is the frozen question; ``response`` the learner's saved answer."""

    def __init__(self, snapshot, *args, response=None, **kwargs):
        self.snapshot = snapshot
        super().__init__(*args, **kwargs)
        self.add_answer_fields()
        if response:
            self.initial.update(self.initial_from(response))

    @property
    def errors_id(self):
        """The id of the element that shows errors about the answer as a whole."""
        return f"{self.prefix}-answer-errors" if self.prefix else "answer-errors"

    def full_clean(self):
        super().full_clean()
        self.tie_errors_to_fields()

    def tie_errors_to_fields(self):
        """Mark each field with an error ``aria-invalid`` and point it at the message.

        A field's own errors are at ``<field id>_error`` (the id Django gives its error list);
        errors about the whole answer (such as two steps given the same position) are at
        :attr:`errors_id` and concern every field.
        """
        if not self.errors:
            return
        whole_answer = bool(self.non_field_errors())
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            described_by = []
            if name in self.errors:
                described_by.append(f"{self[name].auto_id}_error")
            if whole_answer:
                described_by.append(self.errors_id)
            if described_by:
                field.widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": " ".join(described_by)}
                )

    def add_answer_fields(self):
        """Add the fields a learner answers with."""

    def initial_from(self, response):
        """Map a stored response back to initial form values."""
        return {}

    def response(self):
        """The JSON answer to store, from ``cleaned_data``."""
        return {}

    def is_blank(self):
        return not any(value for value in self.response().values())


class SingleChoiceForm(QuestionForm):
    def add_answer_fields(self):
        self.fields["choice"] = forms.ChoiceField(
            label=_("Your answer"),
            choices=_choices(self.snapshot["options"]),
            widget=forms.RadioSelect,
            required=False,
        )

    def initial_from(self, response):
        return {"choice": _to_tokens(self.snapshot["options"]).get(response.get("choice"))}

    def response(self):
        picked = self.cleaned_data.get("choice")
        return {"choice": _to_keys(self.snapshot["options"]).get(picked) if picked else None}


class MultipleChoiceForm(QuestionForm):
    def add_answer_fields(self):
        self.fields["choices"] = forms.MultipleChoiceField(
            label=_("Choose every answer that applies"),
            choices=_choices(self.snapshot["options"]),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def initial_from(self, response):
        tokens = _to_tokens(self.snapshot["options"])
        return {"choices": [tokens[key] for key in response.get("choices") or [] if key in tokens]}

    def response(self):
        keys = _to_keys(self.snapshot["options"])
        # A value posted twice counts once: a list of picks is a set, in the order shown.
        picked = set(self.cleaned_data.get("choices") or [])
        return {
            "choices": [
                keys[shown_value(o)] for o in self.snapshot["options"] if shown_value(o) in picked
            ]
        }


class OrderingForm(QuestionForm):
    """Each step gets a position from a drop-down list: works without JavaScript."""

    def add_answer_fields(self):
        count = len(self.snapshot["items"])
        positions = [("", _("Choose…"))] + [(str(n), str(n)) for n in range(1, count + 1)]
        for item in self.snapshot["items"]:
            self.fields[f"position_{shown_value(item)}"] = forms.ChoiceField(
                label=item["text"], choices=positions, required=False
            )

    def initial_from(self, response):
        order = response.get("order") or []
        tokens = _to_tokens(self.snapshot["items"])
        return {
            f"position_{tokens[key]}": str(index)
            for index, key in enumerate(order, start=1)
            if key in tokens
        }

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f"position_{shown_value(item)}") for item in self.snapshot["items"]]
        chosen = [value for value in given if value]
        if chosen and len(chosen) != len(given):
            raise forms.ValidationError(_("Give every step a position, or leave them all empty."))
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Give each step a different position."))
        return cleaned

    def response(self):
        positions = {
            item["key"]: self.cleaned_data.get(f"position_{shown_value(item)}")
            for item in self.snapshot["items"]
        }
        if not all(positions.values()):
            return {"order": []}
        return {"order": sorted(positions, key=lambda key: int(positions[key]))}


class MatchingForm(QuestionForm):
    def add_answer_fields(self):
        choices = [("", _("Choose…"))] + _choices(self.snapshot["right"])
        for left in self.snapshot["left"]:
            self.fields[f"match_{shown_value(left)}"] = forms.ChoiceField(
                label=left["text"], choices=choices, required=False
            )

    def initial_from(self, response):
        matches = response.get("matches") or {}
        lefts, rights = _to_tokens(self.snapshot["left"]), _to_tokens(self.snapshot["right"])
        return {
            f"match_{lefts[left]}": rights[right]
            for left, right in matches.items()
            if left in lefts and right in rights
        }

    def response(self):
        rights = _to_keys(self.snapshot["right"])
        matches = {}
        for left in self.snapshot["left"]:
            value = self.cleaned_data.get(f"match_{shown_value(left)}")
            if value:
                matches[left["key"]] = rights[value]
        return {"matches": matches}


class FreeTextForm(QuestionForm):
    def add_answer_fields(self):
        self.fields["text"] = forms.CharField(
            label=_("Your answer"),
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=self.snapshot.get("max_length") or 2000,
            required=False,
            help_text=_("A trainer may read this. Do not include anyone's real name."),
        )

    def initial_from(self, response):
        return {"text": response.get("text", "")}

    def response(self):
        return {"text": clean_learner_text(self.cleaned_data.get("text", ""))}
