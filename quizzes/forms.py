"""
Answer forms, one per question type, built from an attempt's frozen snapshot.

A form only knows the presentation: option keys and texts in the order shown. It validates that
every submitted key belongs to this question (a key from another question is an invalid choice)
and turns the cleaned data into the JSON ``response()`` stored on the attempt. Nothing here, and
nothing these forms render, says which answer is right.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from elearning.sanitize import clean_learner_text


class QuestionForm(forms.Form):
    """Base: ``snapshot`` is the frozen question; ``response`` the learner's saved answer."""

    def __init__(self, snapshot, *args, response=None, **kwargs):
        self.snapshot = snapshot
        super().__init__(*args, **kwargs)
        self.add_answer_fields()
        if response:
            self.initial.update(self.initial_from(response))

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
            choices=[(o["key"], o["text"]) for o in self.snapshot["options"]],
            widget=forms.RadioSelect,
            required=False,
        )

    def initial_from(self, response):
        return {"choice": response.get("choice")}

    def response(self):
        return {"choice": self.cleaned_data.get("choice") or None}


class MultipleChoiceForm(QuestionForm):
    def add_answer_fields(self):
        self.fields["choices"] = forms.MultipleChoiceField(
            label=_("Choose every answer that applies"),
            choices=[(o["key"], o["text"]) for o in self.snapshot["options"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def initial_from(self, response):
        return {"choices": response.get("choices") or []}

    def response(self):
        return {"choices": list(self.cleaned_data.get("choices") or [])}


class OrderingForm(QuestionForm):
    """Each step gets a position from a drop-down list: works without JavaScript."""

    def add_answer_fields(self):
        count = len(self.snapshot["items"])
        positions = [("", _("Choose…"))] + [(str(n), str(n)) for n in range(1, count + 1)]
        for item in self.snapshot["items"]:
            self.fields[f"position_{item['key']}"] = forms.ChoiceField(
                label=item["text"], choices=positions, required=False
            )

    def initial_from(self, response):
        order = response.get("order") or []
        return {f"position_{key}": str(index) for index, key in enumerate(order, start=1)}

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f"position_{item['key']}") for item in self.snapshot["items"]]
        chosen = [value for value in given if value]
        if chosen and len(chosen) != len(given):
            raise forms.ValidationError(_("Give every step a position, or leave them all empty."))
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Give each step a different position."))
        return cleaned

    def response(self):
        positions = {
            item["key"]: self.cleaned_data.get(f"position_{item['key']}")
            for item in self.snapshot["items"]
        }
        if not all(positions.values()):
            return {"order": []}
        return {"order": sorted(positions, key=lambda key: int(positions[key]))}


class MatchingForm(QuestionForm):
    def add_answer_fields(self):
        choices = [("", _("Choose…"))] + [(r["key"], r["text"]) for r in self.snapshot["right"]]
        for left in self.snapshot["left"]:
            self.fields[f"match_{left['key']}"] = forms.ChoiceField(
                label=left["text"], choices=choices, required=False
            )

    def initial_from(self, response):
        matches = response.get("matches") or {}
        return {f"match_{left}": right for left, right in matches.items()}

    def response(self):
        matches = {}
        for left in self.snapshot["left"]:
            value = self.cleaned_data.get(f"match_{left['key']}")
            if value:
                matches[left["key"]] = value
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
