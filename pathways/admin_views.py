"""
The "Pathway changes" admin views: what changed in each published pathway, and what refers to it.

Each row is a :class:`~pathways.models.PathwayChange` with the step references it added, changed
or removed, the current title of each step, and everything that the
:data:`pathways.hooks.PATHWAY_STEP_REFERENCES` hooks report as referring to those steps (asked
once per page). Trainers with ``pathways.change_pathwaychange`` mark a change significant (or
not) with a POST; ``pathways.view_pathwaychange`` is enough to read the list.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import BaseListingView, BaseOperationView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from pathways.hooks import find_step_references
from pathways.models import PathwayChange, ReferralPathway, step_reference
from pathways.services import set_change_significance


@dataclass
class ChangedStep:
    """A step reference in a change, with its current title and what refers to it."""

    reference: str
    title: str = ""
    references: list = field(default_factory=list)


@dataclass
class ChangeRow:
    change: PathwayChange
    groups: list
    compare_url: str = ""

    @property
    def has_steps(self):
        return any(steps for _label, steps in self.groups)

    @property
    def referenced(self):
        return any(step.references for _label, steps in self.groups for step in steps)


def step_titles(snapshot):
    """Step reference -> step title, from a :func:`~pathways.models.pathway_snapshot`."""
    return {
        step_reference(snapshot.get("key"), step["key"]): step.get("title", "")
        for step in snapshot.get("steps", [])
    }


class PathwayChangeIndexView(PermissionCheckedMixin, BaseListingView):
    model = PathwayChange
    permission_required = "view"
    page_title = _("Pathway changes")
    header_icon = "history"
    paginate_by = 20
    template_name = "wagtailadmin/generic/listing.html"
    results_template_name = "pathways/admin/pathway_changes_results.html"
    index_url_name = "pathway_changes:index"
    set_significance_url_name = "pathway_changes:set_significance"
    verbose_name = _("pathway change")
    verbose_name_plural = _("pathway changes")
    columns = []

    def get_base_queryset(self):
        return PathwayChange.objects.for_review()

    @cached_property
    def can_mark_significant(self):
        return self.user_has_permission("change")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = list(context["object_list"])
        context["rows"] = self.build_rows(changes)
        context["can_mark_significant"] = self.can_mark_significant
        context["set_significance_url_name"] = self.set_significance_url_name
        return context

    def build_rows(self, changes):
        """One row per change; the reference hooks are asked once for the whole page."""
        references = find_step_references(
            [reference for change in changes for reference in change.step_references]
        )
        previous_versions = self.previous_versions(changes)
        rows = []
        for change in changes:
            previous_revision_id, previous_snapshot = previous_versions.get(
                (change.pathway_id, change.version - 1), (None, {})
            )
            # Removed steps are named as they were; every other step as it is now.
            titles = {**step_titles(previous_snapshot), **step_titles(change.snapshot)}
            groups = []
            for label, refs in (
                (_("Added"), change.added_steps),
                (_("Changed"), change.changed_steps),
                (_("Removed"), change.removed_steps),
            ):
                if refs:
                    steps = [
                        ChangedStep(ref, titles.get(ref, ""), references.get(ref, []))
                        for ref in refs
                    ]
                    groups.append((label, steps))
            rows.append(ChangeRow(change, groups, self.compare_url(change, previous_revision_id)))
        return rows

    def previous_versions(self, changes):
        """The revision and snapshot of the version before each change, in one query."""
        wanted = {(change.pathway_id, change.version - 1) for change in changes}
        previous = PathwayChange.objects.filter(
            pathway_id__in={pathway_id for pathway_id, _version in wanted},
            version__in={version for _pathway_id, version in wanted},
        ).values_list("pathway_id", "version", "revision_id", "snapshot")
        return {
            (pathway_id, version): (revision_id, snapshot)
            for pathway_id, version, revision_id, snapshot in previous
            if (pathway_id, version) in wanted
        }

    def compare_url(self, change, previous_revision_id):
        """Wagtail's comparison of this version with the one before, when both revisions exist."""
        viewset = getattr(ReferralPathway, "snippet_viewset", None)
        if not (change.revision_id and previous_revision_id and viewset):
            return ""
        return reverse(
            viewset.get_url_name("revisions_compare"),
            args=[quote(change.pathway_id), previous_revision_id, change.revision_id],
        )


class SetChangeSignificanceView(PermissionCheckedMixin, BaseOperationView):
    """POST ``significant=1`` to mark a change significant, ``significant=0`` to unmark it."""

    model = PathwayChange
    permission_required = "change"
    success_url_name = "pathway_changes:index"

    def get_success_url(self):
        return self.next_url or reverse(self.success_url_name)

    def perform_operation(self):
        self.significant = self.request.POST.get("significant", "1") != "0"
        set_change_significance(self.object, significant=self.significant)

    def get_success_message(self):
        if self.significant:
            return _("Version %(version)s of “%(pathway)s” is marked as significant.") % {
                "version": self.object.version,
                "pathway": self.object.pathway,
            }
        return _("Version %(version)s of “%(pathway)s” is no longer marked as significant.") % {
            "version": self.object.version,
            "pathway": self.object.pathway,
        }


class PathwayChangeViewSet(ViewSet):
    """The "Pathway changes" list and its significance action, under "Training content"."""

    name = "pathway_changes"
    url_prefix = "pathway-changes"
    icon = "history"
    menu_label = _("Pathway changes")

    @property
    def menu_item_class(self):
        class PathwayChangesMenuItem(MenuItem):
            def is_shown(self, request):
                policy = policy_registry.get_by_type(PathwayChange)
                return policy.user_has_permission(request.user, "view")

        return PathwayChangesMenuItem

    @property
    def index_view(self):
        return self.construct_view(PathwayChangeIndexView)

    @property
    def set_significance_view(self):
        return self.construct_view(SetChangeSignificanceView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("<id:pk>/significance/", self.set_significance_view, name="set_significance"),
        ]
