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

Every export is also written to the audit log (``protect.export_records``: who, when, which
export, which format and filters; :mod:`elearning.audit`). A new export gets the same by using
the mixin; ``tests/security/test_export_formulas.py`` tries
every export the platform makes.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from elearning import audit

__all__ = ["FORMULA_TRIGGERS", "SafeSpreadsheetExportMixin", "escape_formula"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``value`` made inert for a spreadsheet: text that could start a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's export, with text escaped in CSV and kept as string cells in XLSX."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value

    def as_spreadsheet(self, queryset, spreadsheet_format):
        user = self.request.user
        filters = {
            key: [value[:200] for value in self.request.GET.getlist(key)[:5]]
            for key in list(self.request.GET)[:20]
            if key != "export"
        }
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
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell
