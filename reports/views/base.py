"""
What every report view shares: a permission, safe exports, headings, and the results view.

Each report is a Wagtail :class:`~wagtail.admin.views.reports.ReportView`: the filters sit in
the header's filter drawer, the results are paginated, and "Download CSV" / "Download XLSX"
export every row matching the filters (CSV streamed; XLSX written row by row by openpyxl).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.admin.views.reports import ReportView

from elearning.spreadsheets import SafeSpreadsheetExportMixin


class BaseReportView(SafeSpreadsheetExportMixin, ReportView):
    """A report that needs ``required_permission`` (see :mod:`reports.models`)."""

    template_name = "reports/report.html"
    required_permission = None
    #: URL names inside the "training_reports" namespace.
    url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def index_url_name(self):
        return f"training_reports:{self.url_name}"

    @property
    def index_results_url_name(self):
        return f"training_reports:{self.url_name}_results"

    def get_heading(self, queryset, field):
        return force_str(self.export_headings.get(field, field))

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate().isoformat()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["report"] = self
        return context
