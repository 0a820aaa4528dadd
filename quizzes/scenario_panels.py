"""
Two panels of the scenario edit page: the error summary at the top and the branch map.

* :class:`ErrorSummaryPanel` lists every error of the form at the top of the page, each naming
  where it is ("Stage 2 “The boss waits outside”, option 1, Next stage") and linking to the field,
  where the same message is shown again. A scenario form runs to many screens: an error only at
  its field could be thousands of pixels away from where the trainer is looking.
* :class:`BranchMapPanel` draws the scenario's branch map (:mod:`quizzes.scenario_map`) from the
  form as it stands, so after a refused save it shows the stages just posted, problems and all.

Both render on the server; the map needs no JavaScript to read.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.panels import Panel
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from quizzes.scenario_blocks import stages_as_data
from quizzes.scenario_choices import pathway_step_titles
from quizzes.scenario_map import branch_map

MAP_CSS = "quizzes/css/branch-map.css"


def posted_stages(form, field_name="stages"):
    """The stages as plain dicts: as posted when the form is bound, else as stored."""
    if form is not None and form.is_bound and field_name in form.fields:
        widget = form.fields[field_name].widget
        try:
            value = widget.value_from_datadict(form.data, form.files, form.add_prefix(field_name))
            return stages_as_data(value)
        except (KeyError, TypeError, ValueError, AttributeError):
            return []  # a hand-made post: the form's own errors say what is wrong
    instance = getattr(form, "instance", None)
    return stages_as_data(instance.stages) if instance is not None else []


def _children(error):
    """``(key, child error)`` pairs and the error's own messages, for any block error."""
    if isinstance(
        error, (StreamBlockValidationError, StructBlockValidationError, ListBlockValidationError)
    ):
        own = [message for e in error.non_block_errors.as_data() for message in e.messages]
        return list(error.block_errors.items()), own
    return [], list(error.messages)


def _walk(error, path):
    children, own = _children(error)
    for message in own:
        yield path, message
    for key, child in children:
        yield from _walk(child, (*path, key))


def stage_error_entries(error, stages, stream_block, field_name="stages"):
    """``(where, message, anchor)`` for each message inside a StreamField ``error``."""
    for path, message in _walk(error, ()):
        if not path:
            yield _("Stages"), message, f"panel-child-content-{field_name}-section"
            continue
        index = path[0]
        stage = stages[index] if index < len(stages) else {}
        where = [
            _("Stage %(number)s “%(title)s”")
            % {"number": index + 1, "title": stage.get("title") or "…"}
        ]
        anchor = f"{field_name}-{index}-value-key"
        block = stream_block.child_blocks.get(stage.get("kind", ""))
        rest = path[1:]
        if rest and block is not None:
            child = block.child_blocks.get(rest[0])
            if len(rest) >= 2 and child is not None:
                item_block = child.child_block
                noun = _("option") if rest[0] == "options" else _("observation")
                where.append(f"{noun} {rest[1] + 1}")
                item_field = rest[2] if len(rest) > 2 else "key"
                label = item_block.child_blocks.get(item_field)
                if len(rest) > 2 and label is not None:
                    where.append(str(label.label))
                anchor = f"{field_name}-{index}-value-{rest[0]}-{rest[1]}-value-{item_field}"
            elif child is not None:
                where.append(str(child.label))
                suffix = "-0-value-key" if len(rest) == 1 and hasattr(child, "child_block") else ""
                anchor = f"{field_name}-{index}-value-{rest[0]}{suffix}"
        yield ", ".join(where), message, anchor


class ErrorSummaryPanel(Panel):
    """Every error of the form, at the top, each linking to its field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _lazy("Problems to fix"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/error_summary.html"

        class Media:
            css = {"all": [MAP_CSS]}

        def is_shown(self):
            return bool(self.form is not None and self.form.is_bound and self.form.errors)

        def entries(self):
            form = self.form
            entries = [(_("The whole form"), message, "") for message in form.non_field_errors()]
            for name, errors in form.errors.items():
                if name == "__all__" or name not in form.fields:
                    continue
                data = errors.as_data() if isinstance(errors, ErrorList) else errors
                stream_block = getattr(form.fields[name], "block", None)
                for error in data:
                    if stream_block is not None and isinstance(error, ValidationError):
                        stages = posted_stages(form, name)
                        entries.extend(stage_error_entries(error, stages, stream_block, name))
                        continue
                    label = form.fields[name].label or name
                    for message in error.messages:
                        entries.append((str(label), message, form[name].id_for_label))
            return entries

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["entries"] = self.entries()
            return context


class BranchMapPanel(Panel):
    """The branch map of the scenario being edited."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _lazy("Branch map"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/branch_map_panel.html"

        class Media:
            css = {"all": [MAP_CSS]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["map"] = branch_map(posted_stages(self.form), step_titles=pathway_step_titles())
            return context
