"""
The form for one stage of a scenario, server-rendered so it works without JavaScript.

The form knows the learner's path so far (their saved response) and offers only the stage they
have reached. A hidden ``stage`` field names the stage the page showed: a stale page (the back
button, a second tab) or a stage posted before it was reached is refused with a clear message,
and the saved path is unchanged. Like every answer form, it shows the attempt's tokens and
stores stable keys (see :mod:`quizzes.forms`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.forms import QuestionForm, _choices, _to_keys
from quizzes.scenario_paths import current_stage, next_stage
from quizzes.tokens import shown_value


class ScenarioStageForm(QuestionForm):
    def __init__(self, snapshot, *args, response=None, **kwargs):
        self.saved = response or {}
        self.current_stage = current_stage(snapshot, self.saved)
        super().__init__(snapshot, *args, **kwargs)

    def add_answer_fields(self):
        self.fields["stage"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["stage"] = shown_value(self.current_stage) if self.current_stage else ""
        if self.current_stage is None:
            return
        if self.current_stage["kind"] == "spot_signs":
            self.fields["signs"] = forms.MultipleChoiceField(
                label=_("Select every detail that could be a sign of trafficking or exploitation"),
                choices=_choices(self.current_stage["observations"]),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        else:
            self.fields["option"] = forms.ChoiceField(
                label=_("What do you do?"),
                choices=_choices(self.current_stage["options"]),
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose what you would do.")},
            )

    def clean(self):
        cleaned = super().clean()
        if self.current_stage is None:
            raise forms.ValidationError(_("You have finished this scenario."))
        if cleaned.get("stage") != shown_value(self.current_stage):
            raise forms.ValidationError(
                _("This page was out of date, so nothing was changed. Here is where you are now.")
            )
        return cleaned

    def step(self):
        stage = self.current_stage
        if stage["kind"] == "spot_signs":
            picked = set(self.cleaned_data.get("signs") or [])
            return {
                "stage": stage["key"],
                "signs": [o["key"] for o in stage["observations"] if shown_value(o) in picked],
            }
        return {
            "stage": stage["key"],
            "option": _to_keys(stage["options"])[self.cleaned_data["option"]],
        }

    def response(self):
        path = list(self.saved.get("path") or [])
        step = self.step()
        following = next_stage(self.snapshot, self.current_stage, step, path)
        return {"path": path + [step], "finished": following is None}

    def is_blank(self):
        return False
