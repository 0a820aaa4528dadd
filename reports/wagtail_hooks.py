"""
Admin wiring for the reports: their URLs under ``/admin/training-reports/`` and their entries
in Wagtail's "Reports" menu, each shown only to people holding the report's permission
(:mod:`reports.models`). Every view checks the permission again, so a hidden entry is not the
only guard. The training manager's panels on the admin home (:mod:`reports.dashboard_panels`).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports.dashboard_panels import PANELS, is_for
from reports.models import VIEW_ANSWER_REPORTS, VIEW_LEARNER_REPORTS
from reports.trainer_home import trainer_home_panels
from reports.views.assessment_quality import AssessmentQualityView
from reports.views.completions import CompletionsView
from reports.views.compliance import ComplianceView, ExpiryView
from reports.views.item_analysis import ItemAnalysisView
from reports.views.scenarios import ScenarioDetailView, ScenarioListView

#: (URL path, view class, URL name) of every report; each gets a "results" twin for filtering.
REPORTS = [
    ("compliance/", ComplianceView, "compliance"),
    ("overdue-and-expiring/", ExpiryView, "expiry"),
    ("item-analysis/", ItemAnalysisView, "item_analysis"),
    ("scenarios/", ScenarioListView, "scenarios"),
    ("scenarios/<id:question_id>/", ScenarioDetailView, "scenario_detail"),
    ("completions/", CompletionsView, "completions"),
]


def report_urls():
    urls = []
    for route, view, name in REPORTS:
        urls.append(path(route, view.as_view(), name=name))
        urls.append(
            path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results")
        )
    return urls


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "training-reports/assessment-quality/",
            AssessmentQualityView.as_view(),
            name="training_reports_assessment_quality",
        ),
        path(
            "training-reports/",
            include((report_urls(), "training_reports"), namespace="training_reports"),
        ),
    ]


class PermissionMenuItem(MenuItem):
    """A menu entry shown to people with one permission."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_compliance_menu_item():
    return PermissionMenuItem(
        _("Compliance"),
        reverse("training_reports:compliance"),
        name="training-compliance",
        icon_name="tasks",
        order=10,
        permission=VIEW_LEARNER_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_expiry_menu_item():
    return PermissionMenuItem(
        _("Overdue and expiring"),
        reverse("training_reports:expiry"),
        name="training-expiry",
        icon_name="warning",
        order=20,
        permission=VIEW_LEARNER_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_completions_menu_item():
    return PermissionMenuItem(
        _("Completions per month"),
        reverse("training_reports:completions"),
        name="training-completions",
        icon_name="date",
        order=30,
        permission=VIEW_LEARNER_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item():
    return PermissionMenuItem(
        _("Quiz item analysis"),
        reverse("training_reports:item_analysis"),
        name="training-item-analysis",
        icon_name="help",
        order=40,
        permission=VIEW_ANSWER_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_scenarios_menu_item():
    return PermissionMenuItem(
        _("Scenario decisions"),
        reverse("training_reports:scenarios"),
        name="training-scenarios",
        icon_name="decision",
        order=50,
        permission=VIEW_ANSWER_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_assessment_quality_menu_item():
    return PermissionMenuItem(
        _("Assessment quality"),
        reverse("training_reports_assessment_quality"),
        name="training-assessment-quality",
        icon_name="warning",
        order=45,
        permission=VIEW_ANSWER_REPORTS,
    )


@hooks.register("construct_homepage_panels")
def add_trainer_home_panels(request, panels):
    """What needs a trainer now, on their admin home (:mod:`reports.trainer_home`)."""
    panels.extend(trainer_home_panels(request))


@hooks.register("construct_homepage_panels")
def add_manager_dashboard(request, panels):
    """Compliance at a glance, who is overdue, what expires this month: managers only."""
    if is_for(request.user):
        panels.extend(panel(request) for panel in PANELS)
