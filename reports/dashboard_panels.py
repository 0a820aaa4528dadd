"""
The manager's home panels (see :mod:`reports.dashboard` for what they count).

Each panel is a Wagtail component added by ``construct_homepage_panels`` for people who hold
``reports.view_learner_reports``; the three share one reading of the figures per request.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from reports.dashboard import dashboard
from reports.models import VIEW_LEARNER_REPORTS

_REQUEST_ATTR = "_training_manager_dashboard"


def figures(request):
    """The dashboard's figures, read once per request."""
    if not hasattr(request, _REQUEST_ATTR):
        setattr(request, _REQUEST_ATTR, dashboard())
    return getattr(request, _REQUEST_ATTR)


def is_for(user):
    return user.has_perm(VIEW_LEARNER_REPORTS)


class DashboardPanel(Component):
    """A panel over the shared figures; ``template_name`` renders them."""

    class Media:
        css = {"all": ["reports/css/dashboard.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            **figures(self.request),
            "compliance_url": reverse("training_reports:compliance"),
            "expiry_url": reverse("training_reports:expiry"),
            "certificates_url": reverse("certificates:index"),
        }


class ComplianceByModulePanel(DashboardPanel):
    name = "training_compliance_by_module"
    template_name = "reports/dashboard/compliance.html"
    order = 60


class OverduePanel(DashboardPanel):
    name = "training_overdue"
    template_name = "reports/dashboard/overdue.html"
    order = 70


class ExpiringThisMonthPanel(DashboardPanel):
    name = "training_expiring_this_month"
    template_name = "reports/dashboard/expiring.html"
    order = 80


PANELS = [ComplianceByModulePanel, OverduePanel, ExpiringThisMonthPanel]
