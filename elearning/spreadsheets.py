"""
Spreadsheet exports that are safe to open: the one helper every export of the platform uses.

Wagtail's listing and report views export CSV (streamed row by row) and XLSX (openpyxl in
write-only mode). A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is read as a formula by spreadsheet programs, so a learner who names themselves
``=HYPERLINK(...)`` could run a formula on a manager's computer ("CSV injection").
:class:`SafeSpreadsheetExportMixin`, mixed into every view that exports (the reports, the
certificates listing), makes such text inert:

* CSV: :func:`escape_formula` prefixes it with an apostrophe, the usual defence; numbers and
  dates are left alone.
* XLSX: every text cell is written as a string cell, never a formula (the text stays exactly as
  typed; a spreadsheet never evaluates a string cell).

The two downloads are buttons in the page header, where a manager sees them, not entries of
the "..." actions menu where Wagtail puts them.

Exports are built on the task worker, not in the request (:mod:`elearning.exports`): the
request records what was asked for and redirects to a page that offers the file once ready.

Every export is also written to the audit log (``protect.export_records``: who, when, which
export, which format and filters; :mod:`elearning.audit`). A new export gets the same by using
the mixin; ``tests/security/test_export_formulas.py`` tries
every export the platform makes.
"""

from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.button import HeaderButton

from elearning import audit
from elearning.export_tasks import build_spreadsheet_export
from elearning.services import request_export

__all__ = ["FORMULA_TRIGGERS", "SafeSpreadsheetExportMixin", "escape_formula"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``value`` made inert for a spreadsheet: text that could start a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's export, with text escaped in CSV and kept as string cells in XLSX."""

    @cached_property
    def header_buttons(self):
        """The header's buttons, with "Download CSV" and "Download XLSX" in plain sight."""
        buttons = list(super().header_buttons)
        if self.show_export_buttons:
            buttons += [
                HeaderButton(
                    _("Download CSV"), url=self.csv_export_url, icon_name="download", priority=90
                ),
                HeaderButton(
                    _("Download XLSX"), url=self.xlsx_export_url, icon_name="download", priority=91
                ),
            ]
        return buttons

    @cached_property
    def header_more_buttons(self):
        """The "..." menu without the downloads (they are in :attr:`header_buttons`)."""
        downloads = {self.csv_export_url, self.xlsx_export_url}
        return [b for b in super().header_more_buttons if getattr(b, "url", None) not in downloads]

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value

    #: The permission a manager needs to download the export later; the report's own by default.
    export_permission = None

    def get_export_permission(self):
        """The permission the export's download needs (a string, empty for none)."""
        return self.export_permission or getattr(self, "required_permission", None) or ""

    def export_filters(self):
        """The request's filters, bounded, without ``export``: what the export is built from."""
        return {
            key: [value[:200] for value in self.request.GET.getlist(key)[:5]]
            for key in list(self.request.GET)[:20]
            if key != "export"
        }

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """In a request: record and queue the export, then redirect. On the worker: the file."""
        if getattr(self.request, "building_export", False):
            return super().as_spreadsheet(queryset, spreadsheet_format)
        user = self.request.user
        filters = self.export_filters()
        audit.record(
            user,
            "protect.export_records",
            user=user,
            data={
                "export": str(getattr(self, "export_filename", "")),
                "format": spreadsheet_format,
                "filters": filters,
            },
            label=f"{getattr(self, 'export_filename', 'export')} ({spreadsheet_format})",
        )
        export = request_export(
            user=user,
            title=self.get_page_title() if hasattr(self, "get_page_title") else "",
            path=self.request.path,
            filters=filters,
            export_format=spreadsheet_format,
            filename=f"{self.get_filename()}.{spreadsheet_format}",
            permission=self.get_export_permission(),
        )
        build_spreadsheet_export.enqueue(export.pk)
        # The primary, even inside a report's replica block: the row was written a moment ago.
        export.refresh_from_db(using="default")
        if export.status == export.Status.READY:
            return redirect("spreadsheet_export_download", export.uuid)
        return redirect("spreadsheet_export_status", export.uuid)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell
