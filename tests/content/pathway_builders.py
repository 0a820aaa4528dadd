"""Builders for referral pathways and indicators in tests, with sensible defaults."""

from wagtail.models import Locale

from pathways.models import Indicator, PathwayStep, ReferralPathway


def step(number, **fields):
    """An unsaved step ``step-<number>``; keyword arguments override its fields."""
    values = {
        "key": f"step-{number}",
        "title": f"Step {number}",
        "do": f"<p>Do thing {number}.</p>",
        "dont": f"<p>Do not do thing {number}.</p>",
        "responsible": "Anyone who is worried",
        "contact": "",
        "urgent": False,
        "sort_order": number,
    }
    values.update(fields)
    return PathwayStep(**values)


def build_pathway(
    key="adults", *, steps=3, urgent=(), title=None, sort_order=0, locale=None, publish=True
):
    """A pathway with ``steps`` steps (``urgent`` lists the urgent step numbers), published."""
    pathway = ReferralPathway(
        locale=locale or Locale.get_default(),
        key=key,
        title=title or f"If you are worried about {key}",
        intro="<p>Use these steps when you are worried.</p>",
        sort_order=sort_order,
    )
    pathway.steps = [step(n, urgent=n in urgent) for n in range(1, steps + 1)]
    pathway.live = False
    pathway.save()
    if publish:
        pathway.save_revision().publish()
    return ReferralPathway.objects.get(pk=pathway.pk)


def publish_edit(pathway, *, user=None, edit_steps=None, **fields):
    """
    Publish a new revision of ``pathway`` the way the admin does; return the refreshed pathway.

    ``fields`` are set on the pathway; ``edit_steps(steps)`` receives the current list of steps
    and returns the new list (edit, add, remove or reorder them there).
    """
    draft = ReferralPathway.objects.get(pk=pathway.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    if edit_steps is not None:
        draft.steps = edit_steps(list(draft.steps.all()))
    draft.save_revision(user=user).publish(user=user)
    return ReferralPathway.objects.get(pk=pathway.pk)


def build_indicator(key="documents-held", **fields):
    values = {
        "locale": Locale.get_default(),
        "key": key,
        "sign": "Someone else holds their passport or ID",
        "category": "restricted_movement",
        "exploitation_types": ["forced_labour", "domestic_servitude"],
        "explanation": "Holding documents is a way to control someone.",
    }
    values.update(fields)
    return Indicator.objects.create(**values)
