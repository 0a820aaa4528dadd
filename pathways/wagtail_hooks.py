"""
Admin wiring for the referral pathway: one "Training content" menu for trainers.

It holds the referral pathways (drafts, preview of the learner page, revisions, locking), the
indicator library (filterable by category, searchable), the help contacts shown in every footer,
and the "Pathway changes" review list (:mod:`pathways.admin_views`); and the first-run
checklist on the admin home (:mod:`pathways.setup_checklist`).
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
from pathways.models import HelpContact, Indicator, ReferralPathway, TrainingSettings
from pathways.setup_checklist import (
    SETUP_CHECKLIST_ITEMS,
    SetupChecklistPanel,
    SetupItem,
    setting_url,
)


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


@hooks.register(SETUP_CHECKLIST_ITEMS)
def training_settings_to_set(site, user):
    """The organisation's own name and its wellbeing support (Settings → Training settings)."""
    training = TrainingSettings.for_site(site)
    url = setting_url(TrainingSettings)
    permission = "pathways.change_trainingsettings"
    return [
        SetupItem(
            _("The organisation's name"),
            training.has_own_organisation_name,
            url,
            permission,
            order=10,
        ),
        SetupItem(
            _("Wellbeing support for staff and volunteers (name and how to reach it)"),
            training.has_wellbeing_support,
            url,
            permission,
            order=40,
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_setup_checklist(request, panels):
    panels.append(SetupChecklistPanel(request))
