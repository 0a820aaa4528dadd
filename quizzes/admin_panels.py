"""
Panels of the question form that keep a trainer's attention where it is needed.

``TechnicalKeyPanel``
    The question's key (:mod:`quizzes.question_keys` fills it in from the title) inside a closed
    "Show technical key" disclosure, open only when the key has an error: most trainers never need
    it, imports and packages do.
``WarnedFieldPanel`` and ``WarnedInlinePanel``
    A field, or the inline options, followed by the assessment quality warnings
    (:func:`quizzes.quality.question_warnings`) that concern it, so the trainer reads "these two
    options are nearly the same" next to the options.
``QualityWarningsPanel``
    At the top of the form: how many warnings there are, each linked to the field it sits beside,
    and in full the ones that concern no field on the form.

The warnings come from the form (``QuestionAdminForm.quality_warnings``): computed once per page,
from the saved question, so they describe what learners would meet now.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel

__all__ = [
    "QualityWarningsPanel",
    "TechnicalKeyPanel",
    "WarnedFieldPanel",
    "WarnedInlinePanel",
    "warnings_anchor",
]


def warnings_anchor(field_name):
    """The HTML id of the warnings shown beside ``field_name``."""
    return f"quality-warnings-{field_name}"


def form_warnings(form):
    return list(getattr(form, "quality_warnings", None) or [])


def _render_field_warnings(form, field_name):
    warnings = [w for w in form_warnings(form) if w.field == field_name]
    if not warnings:
        return ""
    return render_to_string(
        "quizzes/admin/field_quality_warnings.html",
        {"warnings": warnings, "anchor": warnings_anchor(field_name)},
    )


class TechnicalKeyPanel(FieldPanel):
    """The key field in a closed disclosure (open when the key has an error)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def render_html(self, parent_context=None):
            field_html = super().render_html(parent_context)
            return render_to_string(
                "quizzes/admin/technical_key.html",
                {"field_html": field_html, "has_errors": bool(self.bound_field.errors)},
            )


class WarnedFieldPanel(FieldPanel):
    """A field with the quality warnings about it underneath."""

    class BoundPanel(FieldPanel.BoundPanel):
        def render_html(self, parent_context=None):
            html = super().render_html(parent_context)
            return mark_safe(html + _render_field_warnings(self.form, self.field_name))


class WarnedInlinePanel(InlinePanel):
    """Inline children (a question's options) with the quality warnings about them underneath."""

    #: The warnings' ``field`` this panel shows (defaults to the relation name).
    def __init__(self, relation_name, *args, warnings_field=None, **kwargs):
        self.warnings_field = warnings_field or relation_name
        super().__init__(relation_name, *args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["warnings_field"] = self.warnings_field
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        def render_html(self, parent_context=None):
            html = super().render_html(parent_context)
            return mark_safe(html + _render_field_warnings(self.form, self.panel.warnings_field))


class QualityWarningsPanel(Panel):
    """A summary of the quality warnings at the top of the form; nothing when there are none."""

    def __init__(self, *args, placed_fields=(), **kwargs):
        kwargs.setdefault("heading", _("Assessment quality"))
        super().__init__(*args, **kwargs)
        self.placed_fields = tuple(placed_fields)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["placed_fields"] = self.placed_fields
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/quality_warnings_panel.html"

        def is_shown(self):
            return bool(form_warnings(self.form))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            placed = set(self.panel.placed_fields)
            warnings = form_warnings(self.form)
            context["placed"] = [
                (w, warnings_anchor(w.field)) for w in warnings if w.field in placed
            ]
            context["unplaced"] = [w for w in warnings if w.field not in placed]
            context["count"] = len(warnings)
            return context
