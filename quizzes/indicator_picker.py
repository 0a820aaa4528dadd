"""
The indicator picker: a question's "indicators it tests" chosen from a searchable list.

The indicator library holds some 45 signs in ten categories, far too many for a wall of
checkboxes. The picker is one ``<select multiple>`` with the signs grouped by category
(``<optgroup>``), which works without JavaScript (Ctrl or Cmd and a click, or Shift and the
arrow keys). With JavaScript (``quizzes/js/indicator-picker.js``) a search box above it hides the
signs that do not match what is typed, a click chooses or unchooses one sign without Ctrl, and
the list of chosen signs below it follows the choice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["IndicatorPicker"]


class IndicatorPicker(forms.SelectMultiple):
    """A multiple select of indicators grouped by sign category, with a search box (JS)."""

    template_name = "quizzes/admin/indicator_picker.html"

    def __init__(self, attrs=None, choices=()):
        attrs = {"size": 12, "class": "indicator-picker__select", **(attrs or {})}
        super().__init__(attrs, choices)

    class Media:
        js = ["quizzes/js/indicator-picker.js"]
        css = {"all": ["quizzes/css/indicator-picker.css"]}

    def optgroups(self, name, value, attrs=None):
        """The options grouped by the category of each indicator, in the library's order."""
        groups = {}
        chosen = {str(v) for v in value}
        index = 0
        for option_value, label in self.choices:
            if option_value == "":
                continue
            instance = getattr(option_value, "instance", None)
            category = instance.get_category_display() if instance is not None else ""
            selected = str(option_value) in chosen
            option = self.create_option(
                name, option_value, label, selected, index, subindex=None, attrs=attrs
            )
            groups.setdefault(category, []).append(option)
            index += 1
        return [(category, options, i) for i, (category, options) in enumerate(groups.items())]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        context["widget"]["chosen"] = chosen
        context["widget"]["search_label"] = _("Find a sign")
        return context
