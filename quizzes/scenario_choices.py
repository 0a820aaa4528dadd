"""
What a trainer picks from, instead of typing keys, when writing a scenario's stages.

* An observation's indicator comes from the indicator library (``pathways.Indicator``), grouped
  by category; empty means a red herring.
* An option's referral pathway step comes from the steps of the live pathways, grouped by
  pathway, stored as ``"pathway:step"``.
* A stage's "next stage" and a decision's "only after" condition come from the stages of the same
  scenario, which exist only in the form being edited: :class:`StageReferenceInput` is a text
  input that ``quizzes/js/scenario-editor.js`` turns into a ``<select>`` listing those stages
  (or the options of its decisions), kept up to date as the trainer adds, renames, moves or
  removes stages. The same script fills each empty key from its title or text, so trainers
  never type keys (they can still change one before the first save).

The lists are read when the form is drawn, never when a stage is loaded: ``LibraryChoiceBlock``
stores and reads back plain text, so taking a quiz costs no extra query.
"""

from django import forms
from wagtail import blocks


def indicator_choices():
    """``(category label, [(key, sign), ...])`` groups from the indicator library."""
    from pathways.indicators import SignCategory
    from pathways.models import Indicator

    labels = dict(SignCategory.choices)
    groups, seen = {}, set()
    rows = Indicator.objects.order_by("locale_id", "category", "sign").values_list(
        "key", "sign", "category"
    )
    for key, sign, category in rows:
        if key in seen:  # a translation of one already listed
            continue
        seen.add(key)
        groups.setdefault(category, []).append((key, sign))
    return [
        (str(labels.get(category, category)), sorted(items, key=lambda item: item[1]))
        for category, items in sorted(groups.items(), key=lambda group: str(labels.get(group[0])))
    ]


def pathway_step_choices():
    """``(pathway title, [("pathway:step", "n. step title"), ...])`` for each live pathway."""
    from pathways.models import PathwayStep, step_reference

    groups, seen = {}, set()
    rows = (
        PathwayStep.objects.filter(pathway__live=True)
        .order_by("pathway__locale_id", "pathway__sort_order", "pathway__title", "sort_order")
        .values_list("pathway__key", "pathway__title", "key", "title")
    )
    for pathway_key, pathway_title, step_key, step_title in rows:
        reference = step_reference(pathway_key, step_key)
        if reference in seen:
            continue
        seen.add(reference)
        group = groups.setdefault(pathway_key, (pathway_title, []))
        group[1].append((reference, f"{len(group[1]) + 1}. {step_title}"))
    return [(title, items) for title, items in groups.values()]


def pathway_step_titles():
    """``{"pathway:step": "Pathway title, step n: step title"}`` for the branch map."""
    return {
        reference: f"{pathway_title}, {label}"
        for pathway_title, items in pathway_step_choices()
        for reference, label in items
    }


class WiringMixin:
    """A value that wires the scenario together: never offered to translators.

    wagtail-localize offers every text block of a StreamField for translation; a key or a
    reference to another stage is not words, and a translated one would break the paths. With
    no segments, a translation keeps the source's value (wagtail-localize copies the source's
    stages and overwrites only the segments it offered).
    """

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class LibraryChoiceBlock(WiringMixin, blocks.FieldBlock):
    """A key picked from a list read when the form is drawn; stored and loaded as plain text."""

    def __init__(self, choices, *, blank_label, required=False, help_text=None, **kwargs):
        self.choices_function = choices
        self.field = forms.ChoiceField(
            choices=lambda: [("", blank_label), *choices()],
            required=required,
            help_text=help_text,
        )
        super().__init__(**kwargs)

    def get_prep_value(self, value):
        return value or ""

    def to_python(self, value):
        return value or ""

    def get_searchable_content(self, value):
        return []


class StageReferenceInput(forms.TextInput):
    """A stage key (``refers="stage"``) or a ``stage.option`` key (``refers="option"``).

    The script turns it into a select of this scenario's stages or options; the labels it
    shows (``data-empty-label``) say what an empty choice means.
    """

    class Media:
        js = ["quizzes/js/scenario-editor.js"]

    def __init__(self, refers, empty_label, attrs=None):
        attrs = {
            **(attrs or {}),
            "data-scenario-ref": refers,
            "data-empty-label": str(empty_label),
        }
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Lazy labels are resolved per request, in the trainer's language.
        context["widget"]["attrs"]["data-empty-label"] = str(self.attrs["data-empty-label"])
        return context


class StageReferenceBlock(WiringMixin, blocks.CharBlock):
    """A reference to a stage (or a stage's option) of the same scenario, picked from a list."""

    def __init__(self, refers, empty_label, **kwargs):
        self.refers, self.empty_label = refers, empty_label
        super().__init__(**kwargs)
        self.field.widget = StageReferenceInput(refers, empty_label)


class KeyInput(forms.TextInput):
    """A key the script fills from the title or text beside it while it is empty."""

    class Media:
        js = ["quizzes/js/scenario-editor.js"]

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "data-scenario-key": ""})


class KeyBlock(WiringMixin, blocks.CharBlock):
    """A short identifier, unique where it is used; filled from the title when left empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.field.widget = KeyInput()


__all__ = [
    "KeyBlock",
    "WiringMixin",
    "LibraryChoiceBlock",
    "StageReferenceBlock",
    "indicator_choices",
    "pathway_step_choices",
    "pathway_step_titles",
]
