"""
Spreadsheet exports that are safe to open.

Wagtail's report views export CSV (streamed row by row) and XLSX (built with openpyxl in
write-only mode). A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is read as a formula by spreadsheet programs, so a learner who names themselves
``=HYPERLINK(...)`` could run a formula on a manager's computer ("CSV injection"). Wagtail's
XLSX writer already stores such text as a string cell, never a formula; its CSV writer does not
escape anything. :class:`SafeSpreadsheetExportMixin` prefixes such text with an apostrophe in
CSV, the usual defence, and leaves numbers and dates alone.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``value`` made inert for a spreadsheet: text that could start a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's export, with text escaped against formula injection in CSV."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value
