"""
Spreadsheet exports on the task worker: asked for in a request, built in the background.

Every report and listing that exports (the reports, the certificates listing) does it through
:class:`elearning.spreadsheets.SafeSpreadsheetExportMixin`. Its "Download CSV" and "Download
XLSX" no longer write the file while the manager waits:

1. The request records a :class:`~elearning.models.SpreadsheetExport` (who, which report,
   which filters and format) and queues the task ``build_spreadsheet_export``
   (:func:`elearning.services.request_export`), then redirects to the export's status page
   (:func:`export_status`), which says it is being prepared and reloads itself every few
   seconds (a meta refresh; no JavaScript needed).
2. The worker runs the report's own view again (:func:`write_export`), as the manager, with
   the same filters, in the manager's admin language: the same rows, headings and escaping as a
   download made in the request would have had, read from the replica when there is one. The
   bytes go to the default storage (private: a disk outside the web root, or the S3 bucket
   whose objects are never public), under a random name.
3. The status page then offers the download (:func:`export_download`), streamed from storage
   through the app; only the manager who asked may use it, and only while they still hold the
   report's permission. Anyone else gets "not found".

Where tasks run at once (a laptop, the tests) the file is ready before the first redirect,
which then goes straight to the download. Files are deleted ``EXPORT_RETENTION_DAYS`` after
the request (``manage.py purge_expired_exports``).
"""

import tempfile
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from elearning.models import SpreadsheetExport

__all__ = ["ExportRefused", "export_download", "export_status", "write_export"]

#: Seconds between reloads of the status page while the export is being prepared.
STATUS_REFRESH_SECONDS = 5
#: Exports kept in memory while written; a larger one spills to a temporary file.
_IN_MEMORY_BYTES = 5 * 1024 * 1024


class ExportRefused(Exception):
    """The report view would not export for this manager (a permission was taken away)."""


def _building_request(export):
    """A GET request for the report as its manager asked for it, marked as built by the worker."""
    base = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost")
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = export.path
    query = QueryDict(mutable=True)
    for key, values in (export.filters or {}).items():
        query.setlist(key, [str(value) for value in values])
    query["export"] = export.export_format
    request.GET = query
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": export.path,
        "QUERY_STRING": query.urlencode(),
        "HTTP_HOST": base.netloc,
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
        "wsgi.url_scheme": base.scheme or "http",
    }
    request.user = export.requested_by
    # SafeSpreadsheetExportMixin writes the spreadsheet for such a request instead of queueing.
    request.building_export = True
    return request


def write_export(export):
    """Run the report view for ``export`` and return the spreadsheet as an open temporary file.

    Raises :class:`ExportRefused` when the view answers anything but the spreadsheet (its
    manager may no longer see the report). The caller reads on the replica around this call.
    """
    request = _building_request(export)
    match = resolve(export.path)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except (PermissionDenied, Http404) as error:
        raise ExportRefused(str(error)) from error
    if response.status_code != 200 or not response.has_header("Content-Disposition"):
        raise ExportRefused(f"the report answered {response.status_code}")
    # Returned open: the caller saves it to storage, then closes it.
    output = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY_BYTES)  # noqa: SIM115
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        output.write(chunk)
    # Not response.close(): besides closing the stream it announces the end of a request
    # (request_finished), which closes the database connections of whatever this runs in: the
    # worker's task, or the manager's own request where tasks run at once (PostgreSQL then
    # loses the connection in the middle of its transaction).
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
    output.seek(0)
    return output


def _own_export(request, uuid):
    """The export ``uuid`` if ``request.user`` asked for it and may still see it; else 404."""
    export = get_object_or_404(SpreadsheetExport, uuid=uuid, requested_by=request.user)
    if export.permission and not request.user.has_perm(export.permission):
        raise Http404
    return export


@never_cache
@require_GET
def export_status(request, uuid):
    """Being prepared (the page reloads itself), ready (the download link), or failed."""
    export = _own_export(request, uuid)
    return TemplateResponse(
        request,
        "elearning/admin/export_status.html",
        {
            "export": export,
            "statuses": SpreadsheetExport.Status,
            "refresh_seconds": STATUS_REFRESH_SECONDS,
            "report_url": export.path + _query_string(export),
        },
    )


def _query_string(export):
    query = QueryDict(mutable=True)
    for key, values in (export.filters or {}).items():
        query.setlist(key, [str(value) for value in values])
    return f"?{query.urlencode()}" if query else ""


@never_cache
@require_GET
def export_download(request, uuid):
    """The file, streamed from storage; before it is ready, the status page."""
    export = _own_export(request, uuid)
    if export.status != SpreadsheetExport.Status.READY:
        return redirect(reverse("spreadsheet_export_status", args=[export.uuid]))
    try:
        handle = default_storage.open(export.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = {
        SpreadsheetExport.Format.CSV: "text/csv",
        SpreadsheetExport.Format.XLSX: (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    }[export.export_format]
    response = FileResponse(
        handle, as_attachment=True, filename=export.filename, content_type=content_type
    )
    response["X-Robots-Tag"] = "noindex"
    return response
