"""
What an operator reads: JSON log lines that carry a request id, and slow SQL.

- :class:`RequestIdMiddleware` (first in ``MIDDLEWARE``) gives each request an id: the
  ``X-Request-ID`` a proxy or load balancer sent (letters, digits, ``.``, ``_``, ``-``, up to 128
  characters), or a new random one. The response echoes it in ``X-Request-ID``; every log line
  written while the request runs carries it (:class:`RequestIdFilter`), and one line per request
  (logger ``elearning.request``) says method, path, status and duration. The query string is
  never logged: it can hold a learner's search or a certificate code.
- :func:`install_slow_query_log` (a ``connection_created`` receiver) times every statement and
  logs those slower than ``SLOW_QUERY_MS`` (logger ``elearning.sql``) with the statement but
  never its parameters, which hold learners' data.
- :class:`JsonFormatter` writes each record as one JSON object per line, the shape log
  collectors (journald, CloudWatch, Loki, ...) index without a parser. Production uses it.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.conf import settings

__all__ = [
    "JsonFormatter",
    "RequestIdFilter",
    "RequestIdMiddleware",
    "current_request_id",
    "install_slow_query_log",
]

_request_id = contextvars.ContextVar("request_id", default="")
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
request_logger = logging.getLogger("elearning.request")
sql_logger = logging.getLogger("elearning.sql")


def current_request_id():
    """The id of the request being served in this thread or task, "" outside a request."""
    return _request_id.get()


class RequestIdMiddleware:
    """Read or make the request's id, echo it, and log one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx/5xx response ("django.request") after the middleware has
            # finished; that record carries the request itself.
            request = getattr(record, "request", None)
            record.request_id = current_request_id() or getattr(request, "request_id", "")
        return True


# Attributes every LogRecord has; anything else on a record was passed in ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, exception."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and key != "request":
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


def _time_statement(execute, sql, params, many, context):
    started = time.monotonic()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed_ms = (time.monotonic() - started) * 1000
        if elapsed_ms >= settings.SLOW_QUERY_MS:
            sql_logger.warning(
                "Slow SQL (%.0f ms): %s",
                elapsed_ms,
                sql[:1000],
                extra={
                    "duration_ms": round(elapsed_ms, 1),
                    "database": context["connection"].alias,
                },
            )


def install_slow_query_log(connection, **kwargs):
    """``connection_created`` receiver: time this connection's statements (once)."""
    if _time_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(_time_statement)
