"""
The first-run checklist: what an organisation must set before its learners see the site.

A fresh site reads as a demo ("Demo Charity", no logo, no signatory, no wellbeing service).
Until those are set, the Wagtail admin home shows a short checklist with a link to each
setting, to whoever may change at least one of them. It disappears once every item is done.

``pathways`` owns the training settings, so it owns the panel and its own items (the
organisation's name, its wellbeing support); apps above add theirs through a Wagtail hook, the
way :mod:`pathways.hooks` collects references, without ``pathways`` importing them.

``SETUP_CHECKLIST_ITEMS`` (``"training_setup_checklist_items"``)
    Register a function with ``@hooks.register(SETUP_CHECKLIST_ITEMS)``. It is called with the
    request's :class:`wagtail.models.Site` and the signed-in user, and must return an iterable of
    :class:`SetupItem`. Answer with a fixed number of queries (a site setting is one read).
    Items whose ``permission`` the user lacks are not listed to that user.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

SETUP_CHECKLIST_ITEMS = "training_setup_checklist_items"


@dataclass(frozen=True)
class SetupItem:
    """One thing to set: what it is, whether it is done, and where to do it."""

    label: str
    done: bool
    url: str
    #: "app_label.codename" needed to change it; the item is hidden from others.
    permission: str
    order: int = 100


def setting_url(model):
    """The admin address that edits a site setting (Wagtail picks the current site)."""
    return reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name])


def setup_items(site, user):
    """Every item the apps offer that ``user`` may act on, in order."""
    items = []
    for hook in hooks.get_hooks(SETUP_CHECKLIST_ITEMS):
        items.extend(item for item in hook(site, user) if user.has_perm(item.permission))
    return sorted(items, key=lambda item: (item.order, item.label))


class SetupChecklistPanel(Component):
    """A home panel listing the settings still to do; renders nothing once all are done."""

    name = "training_setup_checklist"
    template_name = "pathways/admin/setup_checklist_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    @cached_property
    def items(self):
        site = (
            Site.find_for_request(self.request) or Site.objects.filter(is_default_site=True).first()
        )
        if site is None:
            return []
        return setup_items(site, self.request.user)

    def render_html(self, parent_context=None):
        if not self.items or all(item.done for item in self.items):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        items = self.items
        return {"items": items, "remaining": sum(not item.done for item in items)}
