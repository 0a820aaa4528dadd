"""
The task that builds a spreadsheet export (:mod:`elearning.exports`) on the worker.

It takes the export's id and calls :func:`elearning.services.build_export`. The views that
queue it (:class:`elearning.spreadsheets.SafeSpreadsheetExportMixin`) import it; the services
never do.
"""

from django_tasks import task

from elearning.services import build_export
from elearning.task_queue import uses_database_queue


@task()
def build_spreadsheet_export(export_id):
    """Build the export's file; a failure is retried by the task queue (elearning.task_queue)."""
    export = build_export(export_id, retried=uses_database_queue())
    return export.size if export is not None else None
