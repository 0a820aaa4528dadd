"""
Answer options are written by our own fieldset template, exactly as Django's widgets write them.

``quizzes/questions/option_fieldset.html`` writes each radio button or checkbox itself instead of
rendering Django's option template once per option (it is on every quiz and scenario page). This
checks that what it writes is what Django would: type, name, value, id, required and checked,
with the value escaped.
"""

import re

import pytest
from django import forms
from django.template.loader import render_to_string


class AnswerForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("a", "First"), ("b\"'<", "Second & more")], widget=forms.RadioSelect
    )
    choices = forms.MultipleChoiceField(
        choices=[("1", "One"), ("2", "Two")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def inputs(html):
    return re.findall(r"<input [^>]*>", html)


@pytest.mark.parametrize(
    "data",
    [None, {"choice": "a", "choices": ["2"]}, {"choice": "b\"'<", "choices": ["1", "2"]}],
)
@pytest.mark.parametrize("name", ["choice", "choices"])
def test_the_inputs_are_the_ones_django_writes(data, name):
    form = AnswerForm(data)
    if data:
        assert form.is_valid(), form.errors
    field = form[name]
    ours = render_to_string("quizzes/questions/option_fieldset.html", {"field": field})
    djangos = "".join(option.tag() for option in field)
    assert inputs(ours) == inputs(djangos)
    assert len(inputs(ours)) == 2
    for option in field:
        assert f'<label for="{option.id_for_label}">' in ours
    if data:
        assert ours.count(" checked") == len(data[name] if name == "choices" else [1])
