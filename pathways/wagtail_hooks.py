"""
Admin wiring for the referral pathway: one "Training content" menu for trainers.

It holds the referral pathways (drafts, preview of the learner page, revisions, locking), the
indicator library (filterable by category, searchable), the help contacts shown in every footer,
and the "Pathway changes" review list (:mod:`pathways.admin_views`).
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pathways.admin_views import PathwayChangeViewSet
from pathways.forms import IndicatorForm, ReferralPathwayForm
from pathways.models import HelpContact, Indicator, ReferralPathway


class ReferralPathwayViewSet(SnippetViewSet):
    model = ReferralPathway
    icon = "list-ol"
    menu_label = _("Referral pathways")
    inspect_view_enabled = True
    list_display = [
        "title",
        "key",
        Column("published_version", label=_("Version")),
        UpdatedAtColumn(),
    ]
    search_fields = ["title", "key"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("key"), FieldPanel("sort_order")],
                heading=_("Pathway"),
            ),
            FieldPanel("intro"),
            InlinePanel(
                "steps",
                heading=_("Steps"),
                label=_("Step"),
                min_num=1,
                help_text=_("In the order learners follow them. Mark urgent steps as urgent."),
                panels=[
                    FieldPanel("title"),
                    FieldPanel("key"),
                    FieldPanel("urgent"),
                    FieldPanel("do"),
                    FieldPanel("dont"),
                    FieldPanel("responsible"),
                    FieldPanel("contact"),
                ],
            ),
        ],
        base_form_class=ReferralPathwayForm,
    )


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "clipboard-list"
    menu_label = _("Indicator library")
    inspect_view_enabled = True
    list_display = [
        "sign",
        Column("category", label=_("Category"), accessor="get_category_display"),
        Column(
            "exploitation_types",
            label=_("Forms of exploitation"),
            accessor="get_exploitation_types_display",
        ),
        "key",
    ]
    list_filter = ["category"]
    search_fields = ["sign", "explanation", "key"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("sign"),
            FieldPanel("key"),
            FieldPanel("category"),
            FieldPanel("exploitation_types"),
            FieldPanel("explanation"),
        ],
        base_form_class=IndicatorForm,
    )


class HelpContactViewSet(SnippetViewSet):
    model = HelpContact
    icon = "mobile-alt"
    menu_label = _("Help contacts")
    list_display = ["name", "phone", "purpose"]


class TrainingContentGroup(SnippetViewSetGroup):
    menu_label = _("Training content")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ReferralPathwayViewSet, IndicatorViewSet, HelpContactViewSet, PathwayChangeViewSet)


register_snippet(TrainingContentGroup)


@hooks.register("register_permissions")
def pathway_change_permissions():
    """Show the pathway change permissions in the admin's group editor, like the snippets'."""
    return Permission.objects.filter(
        content_type__app_label="pathways",
        codename__in=["view_pathwaychange", "change_pathwaychange"],
    )
