"""Project-level views: the health check used by load balancers and monitoring."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        logger.exception("Health check: database unavailable")
        return False


def _cache_ok():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("Health check: cache unavailable")
        return False


def _storage_ok():
    """Write, read back and delete a small file where uploads and certificates are kept."""
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(saved) as stored:
                return stored.read() == b"ok"
        finally:
            default_storage.delete(saved)
    except Exception:
        logger.exception("Health check: storage unavailable")
        return False


def _queue_age():
    """Seconds the oldest ready task has waited (None where tasks run at once), and whether
    that is acceptable; an unreadable queue is not."""
    from elearning.task_queue import oldest_ready_task_age

    try:
        age = oldest_ready_task_age()
    except Exception:
        logger.exception("Health check: task queue unreadable")
        return None, False
    return age, age is None or age <= settings.HEALTHZ_MAX_QUEUE_AGE_SECONDS


@never_cache
@require_GET
def healthz(request):
    """Report the database, cache, storage and task queue as JSON: 200, or 503 if one fails.

    ``{"status": "ok", "database": "ok", "cache": "ok", "storage": "ok", "queue": "ok",
    "queue_age_seconds": 3.2}``. ``queue_age_seconds`` is how long the oldest task ready to run
    has waited (null where tasks run at once); above ``HEALTHZ_MAX_QUEUE_AGE_SECONDS`` the queue
    is "unavailable": no worker is taking tasks, or too few.
    """
    database = _database_ok()
    queue_age, queue_ok = _queue_age() if database else (None, False)
    checks = {
        "database": database,
        "cache": _cache_ok(),
        "storage": _storage_ok(),
        "queue": queue_ok,
    }
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    body["queue_age_seconds"] = None if queue_age is None else round(queue_age, 1)
    if not healthy:
        logger.error("Health check failed: %s", body)
    return JsonResponse(body, status=200 if healthy else 503)


def not_found(request, *args, **kwargs):
    """404 for addresses that must not reach the view that would otherwise answer them."""
    raise Http404
