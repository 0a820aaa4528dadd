"""The compliance report and the overdue-and-expiring report (see :mod:`reports.compliance`)."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from elearning.ids import IdModelChoiceFilter
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import TrainingModulePage
from reports.compliance import (
    COMPLIANCE_STATUSES,
    ComplianceRecords,
    excluded_count,
    records,
    report_modules,
    status_counts,
)
from reports.expiry import expiry_by_region, totals
from reports.models import VIEW_LEARNER_REPORTS
from reports.views.base import BaseReportView


def region_choices():
    return [(region, region) for region in LearnerProfile.objects.regions()]


class LearnerFilterSet(WagtailFilterSet):
    """Filters on the learner (region, role) and on their record, which the view applies."""

    region = django_filters.ChoiceFilter(label=_("Region"), choices=region_choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    module = IdModelChoiceFilter(
        label=_("Module"),
        queryset=TrainingModulePage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("title"),
        method="applied_by_view",
    )

    class Meta:
        model = LearnerProfile
        fields = []

    def applied_by_view(self, queryset, name, value):
        return queryset


class ComplianceFilterSet(LearnerFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in COMPLIANCE_STATUSES],
        method="applied_by_view",
    )
    completed_from = django_filters.DateFilter(
        label=_("Completed on or after"), widget=AdminDateInput, method="applied_by_view"
    )
    completed_to = django_filters.DateFilter(
        label=_("Completed on or before"), widget=AdminDateInput, method="applied_by_view"
    )


class LearnerReportMixin:
    required_permission = VIEW_LEARNER_REPORTS

    def cleaned_filters(self):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {}

    def chosen_modules(self):
        if getattr(self, "_chosen_modules", None) is None:
            self._chosen_modules = self._choose_modules()
        return self._chosen_modules

    def _choose_modules(self):
        modules = report_modules()
        module = self.cleaned_filters().get("module")
        if module is not None:
            modules = [m for m in modules if m.id == module.id]
        return modules

    def filtered_profiles(self):
        return self.filter_queryset(LearnerProfile.objects.counted())

    def excluded(self):
        """How many learners the filters would keep but a manager excluded from the counts."""
        return excluded_count(
            self.chosen_modules(), self.filter_queryset(LearnerProfile.objects.active())
        )


class ComplianceView(LearnerReportMixin, BaseReportView):
    page_title = _("Compliance")
    header_icon = "tasks"
    url_name = "compliance"
    results_template_name = "reports/compliance_results.html"
    filterset_class = ComplianceFilterSet
    paginate_by = 50
    export_filename = "compliance"
    list_export = [
        "learner",
        "username",
        "email",
        "region",
        "team",
        "role",
        "module_title",
        "status_label",
        "cycle",
        "started_on",
        "completed_on",
        "valid_until",
        "last_activity_on",
        "best_score",
        "certificate",
    ]
    export_headings = {
        "learner": _("Learner"),
        "username": _("Username"),
        "email": _("Email"),
        "region": _("Region"),
        "team": _("Team"),
        "role": _("Role"),
        "module_title": _("Module"),
        "status_label": _("Status"),
        "cycle": _("Cycle"),
        "started_on": _("Started"),
        "completed_on": _("Completed"),
        "valid_until": _("Current until"),
        "last_activity_on": _("Last activity"),
        "best_score": _("Best score (%)"),
        "certificate": _("Certificate"),
    }

    def get_queryset(self):
        data = self.cleaned_filters()
        profiles = self.filtered_profiles()
        unfiltered_status, parts = [], []
        for module in self.chosen_modules():
            options = {
                "profiles": profiles,
                "completed_from": data.get("completed_from"),
                "completed_to": data.get("completed_to"),
            }
            unfiltered_status.append(records(module, **options))
            parts.append((module, records(module, status=data.get("status"), **options)))
        self.summary_parts = unfiltered_status
        return ComplianceRecords(parts)

    def get_filtered_queryset(self):
        return self.get_queryset()

    def summary(self):
        """Counts and percentages per status over every record the filters (bar status) keep."""
        counts = dict.fromkeys(COMPLIANCE_STATUSES, 0)
        for rows in self.summary_parts:
            for status, count in status_counts(rows).items():
                counts[status] += count
        total = sum(counts.values())
        return {
            "total": total,
            "excluded": self.excluded(),
            "statuses": [
                {
                    "status": status,
                    "count": count,
                    "percent": round(100 * count / total, 1) if total else 0,
                }
                for status, count in counts.items()
            ],
        }

    def decorate_paginated_queryset(self, object_list):
        # A page is already a list of rows; an export iterates the records as a stream.
        return object_list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["summary"] = self.summary()
        return context


class ExpiryView(LearnerReportMixin, BaseReportView):
    page_title = _("Overdue and expiring")
    header_icon = "warning"
    url_name = "expiry"
    results_template_name = "reports/expiry_results.html"
    filterset_class = LearnerFilterSet
    paginate_by = 100
    export_filename = "overdue-and-expiring"
    list_export = [
        "region_label",
        "module_title",
        "learners",
        "current",
        "overdue",
        "within_30",
        "within_60",
        "within_90",
        "never_completed",
    ]
    export_headings = {
        "region_label": _("Region"),
        "module_title": _("Module"),
        "learners": _("Learners"),
        "current": _("Current"),
        "overdue": _("Overdue (expired)"),
        "within_30": _("Expiring within 30 days"),
        "within_60": _("Expiring within 60 days"),
        "within_90": _("Expiring within 90 days"),
        "never_completed": _("Never completed"),
    }

    def get_queryset(self):
        self.rows = expiry_by_region(self.chosen_modules(), profiles=self.filtered_profiles())
        return self.rows

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = totals(self.rows)
        if not self.is_export:
            context["excluded"] = self.excluded()
        return context
