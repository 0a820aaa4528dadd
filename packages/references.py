"""
References between a module's content and the rest of the site, as a package carries them.

Inside a StreamField a chooser stores a database id (an image, an indicator, a referral
pathway, a scenario). Ids mean nothing on another site, so :func:`map_choosers` walks the raw
StreamField data along its block definitions and lets a function replace each chosen id:
on export with a package reference ``{"package_ref": kind, "ref": key}``, on import with the
receiving site's id; the import also cleans each rich text block on the way
(:mod:`packages.rich_text`). Scenario stages name indicators and pathway steps by key in plain
text fields; :func:`map_scenario_keys` rewrites those.
"""

from django.utils.translation import gettext as _
from wagtail import blocks

from packages.format import PackageError


def map_choosers(block, value, replace, *, rich_text=None):
    """``value`` (raw StreamField data for ``block``) with each chooser's value replaced.

    ``replace(model, value)`` returns the new value for a chooser whose target is ``model``;
    ``rich_text(html, features)``, when given, the new value of each rich text block.
    """
    if isinstance(block, blocks.ChooserBlock):
        return None if value in (None, "") else replace(block.target_model, value)
    if isinstance(block, blocks.RichTextBlock):
        return value if rich_text is None else rich_text(value, block.features)
    kw = {"rich_text": rich_text}
    if isinstance(block, blocks.StreamBlock):
        items = []
        for item in value or []:
            if not isinstance(item, dict):
                raise PackageError(_("The package's manifest has a damaged block of content."))
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                item = {**item, "value": map_choosers(child, item.get("value"), replace, **kw)}
            items.append(item)
        return items
    if isinstance(block, blocks.ListBlock):
        return [
            {**item, "value": map_choosers(block.child_block, item.get("value"), replace, **kw)}
            if _is_list_item(item)
            else map_choosers(block.child_block, item, replace, **kw)
            for item in value or []
        ]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: (
                map_choosers(block.child_blocks[name], child_value, replace, **kw)
                if name in block.child_blocks
                else child_value
            )
            for name, child_value in value.items()
        }
    return value


def _is_list_item(item):
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item


def _list_values(raw_list):
    return [item["value"] if _is_list_item(item) else item for item in raw_list or []]


def scenario_keys(stages):
    """The indicator keys and "pathway:step" names the raw scenario ``stages`` use."""
    indicators, steps = [], []
    for stage in stages or []:
        value = stage.get("value") or {}
        for observation in _list_values(value.get("observations")):
            if observation.get("indicator"):
                indicators.append(observation["indicator"])
        for option in _list_values(value.get("options")):
            if option.get("pathway_step"):
                steps.append(option["pathway_step"])
    return indicators, steps


def map_scenario_keys(stages, *, indicators, steps):
    """Raw scenario ``stages`` with indicator keys and step names renamed by the two dicts."""
    mapped = []
    for stage in stages or []:
        value = dict(stage.get("value") or {})
        if "observations" in value:
            value["observations"] = _map_list(value["observations"], "indicator", indicators)
        if "options" in value:
            value["options"] = _map_list(value["options"], "pathway_step", steps)
        mapped.append({**stage, "value": value})
    return mapped


def _map_list(raw_list, name, renames):
    mapped = []
    for item in raw_list or []:
        inner = item["value"] if _is_list_item(item) else item
        if inner.get(name) in renames:
            inner = {**inner, name: renames[inner[name]]}
        mapped.append({**item, "value": inner} if _is_list_item(item) else inner)
    return mapped
