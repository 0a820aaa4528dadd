"""
The form for one stage of a scenario, server-rendered so it works without JavaScript.

The form knows the learner's path so far (their saved response) and offers only the stage they
have reached. A hidden ``stage`` field names the stage the page showed: a stale page (the back
button, a second tab) or a stage posted before it was reached is refused with a clear message,
and the saved path is unchanged.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.forms import QuestionForm
from quizzes.scenario_paths import current_stage, next_stage


class ScenarioStageForm(QuestionForm):
    def __init__(self, snapshot, *args, response=None, **kwargs):
        self.saved = response or {}
        self.current_stage = current_stage(snapshot, self.saved)
        super().__init__(snapshot, *args, **kwargs)

    def add_answer_fields(self):
        self.fields["stage"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["stage"] = self.current_stage["key"] if self.current_stage else ""
        if self.current_stage is None:
            return
        if self.current_stage["kind"] == "spot_signs":
            self.fields["signs"] = forms.MultipleChoiceField(
                label=_("Select every detail that could be a sign of trafficking or exploitation"),
                choices=[(o["key"], o["text"]) for o in self.current_stage["observations"]],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        else:
            self.fields["option"] = forms.ChoiceField(
                label=_("What do you do?"),
                choices=[(o["key"], o["text"]) for o in self.current_stage["options"]],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose what you would do.")},
            )

    def clean(self):
        cleaned = super().clean()
        if self.current_stage is None:
            raise forms.ValidationError(_("You have finished this scenario."))
        if cleaned.get("stage") != self.current_stage["key"]:
            raise forms.ValidationError(
                _("This page was out of date, so nothing was changed. Here is where you are now.")
            )
        return cleaned

    def step(self):
        if self.current_stage["kind"] == "spot_signs":
            return {
                "stage": self.current_stage["key"],
                "signs": list(self.cleaned_data.get("signs") or []),
            }
        return {"stage": self.current_stage["key"], "option": self.cleaned_data["option"]}

    def response(self):
        path = list(self.saved.get("path") or [])
        step = self.step()
        following = next_stage(self.snapshot, self.current_stage, step, path)
        return {"path": path + [step], "finished": following is None}

    def is_blank(self):
        return False
