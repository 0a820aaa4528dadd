"""
What every report view shares: a permission, safe exports, headings, and the results view.

Each report is a Wagtail :class:`~wagtail.admin.views.reports.ReportView`: the filters sit in
the header's filter drawer, the results are paginated, and "Download CSV" / "Download XLSX"
export every row matching the filters (CSV streamed; XLSX written row by row by openpyxl).
Their reads go to the database replica when one is configured (:class:`ReplicaReadsMixin`).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.admin.views.reports import ReportView

from elearning.db_routers import reading_from_replica
from elearning.spreadsheets import SafeSpreadsheetExportMixin


def _streamed_from_replica(chunks):
    """Stream ``chunks`` (a CSV export being written) with its reads on the replica."""
    with reading_from_replica():
        yield from chunks


class ReplicaReadsMixin:
    """Build the whole response, page or export, reading from the replica (elearning.db_routers).

    A Wagtail report's response is lazy: the page's rows are read while its template renders
    and a CSV export's rows while it streams, both after ``dispatch`` returns. The page is
    therefore rendered here, and a stream re-enters the replica block as it is read.
    """

    def dispatch_on_replica(self, request, *args, **kwargs):
        with reading_from_replica():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        if getattr(response, "streaming", False):
            response.streaming_content = _streamed_from_replica(response.streaming_content)
        return response


class BaseReportView(ReplicaReadsMixin, SafeSpreadsheetExportMixin, ReportView):
    """A report that needs ``required_permission`` (see :mod:`reports.models`)."""

    template_name = "reports/report.html"
    required_permission = None
    #: URL names inside the "training_reports" namespace.
    url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        # The permission was read from default: a role just taken away counts at once.
        return self.dispatch_on_replica(request, *args, **kwargs)

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
