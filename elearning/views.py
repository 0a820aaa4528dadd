"""Project-level views: the health check used by load balancers and monitoring."""

import logging
import uuid

from django.core.cache import cache
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


@never_cache
@require_GET
def healthz(request):
    """Answer `{"status": "ok", "database": "ok", "cache": "ok"}` with 200, or 503 if one fails."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def not_found(request, *args, **kwargs):
    """404 for addresses that must not reach the view that would otherwise answer them."""
    raise Http404
