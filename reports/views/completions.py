"""Completions per month per module: an SVG bar chart and the same numbers as a table."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from elearning.ids import IdModelChoiceFilter
from modules.models import Enrolment, TrainingModulePage
from reports.completions import (
    add_months,
    bar_chart,
    completed_enrolments,
    completions_table,
    default_range,
    month_start,
    restrict_to_module,
)
from reports.models import VIEW_LEARNER_REPORTS
from reports.views.base import BaseReportView

#: The longest range one chart shows (three years of bars stay readable).
MAX_MONTHS = 36


class MonthFilter(django_filters.DateFilter):
    """A month picked by any day in it; applied by the view when it counts, not here."""

    def filter(self, queryset, value):
        return queryset


class CompletionsFilterSet(WagtailFilterSet):
    module = IdModelChoiceFilter(
        label=_("Module"), queryset=TrainingModulePage.objects.order_by("title")
    )
    from_month = MonthFilter(label=_("From the month of"), widget=AdminDateInput)
    to_month = MonthFilter(label=_("To the month of"), widget=AdminDateInput)

    class Meta:
        model = Enrolment
        fields = []


class CompletionsView(BaseReportView):
    page_title = _("Completions per month")
    header_icon = "date"
    url_name = "completions"
    results_template_name = "reports/completions_results.html"
    required_permission = VIEW_LEARNER_REPORTS
    filterset_class = CompletionsFilterSet
    paginate_by = None
    export_filename = "completions-per-month"
    list_export = ["month_label", "module", "completions"]
    export_headings = {
        "month_label": _("Month"),
        "module": _("Module"),
        "completions": _("Completions"),
    }

    def month_range(self):
        """The months asked for, or the last twelve; never more than ``MAX_MONTHS``."""
        first, last = default_range()
        self.range_note = ""
        if self.filters is not None and self.filters.is_valid():
            data = self.filters.form.cleaned_data
            if data.get("from_month"):
                first = month_start(data["from_month"])
                if not data.get("to_month"):
                    last = max(last, first)
            if data.get("to_month"):
                last = month_start(data["to_month"])
        if first > last:
            first, last = last, first
        if add_months(first, MAX_MONTHS - 1) < last:
            first = add_months(last, -(MAX_MONTHS - 1))
            self.range_note = _("Showing the last %(count)s months of the range asked for.") % {
                "count": MAX_MONTHS
            }
        return first, last

    def get_queryset(self):
        first, last = self.month_range()
        self.table = completions_table(
            self.filter_queryset(completed_enrolments()), first_month=first, last_month=last
        )
        if self.filters is not None and self.filters.is_valid():
            module = self.filters.form.cleaned_data.get("module")
            if module is not None:
                restrict_to_module(self.table, module.id)
        return self.table.long_rows()

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["completions"] = self.table
        context["chart"] = bar_chart(self.table)
        context["range_note"] = self.range_note
        return context
