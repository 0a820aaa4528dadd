"""
Counting events per key in fixed time windows, in the shared cache.

A rate limit answers "has this key done this too often lately?". Each key (for example
``"certificates:verify:<client address>"``) has a counter that
lives in the cache for ``window`` seconds from its first event; the counter and the moment it
resets are stored side by side. Because the counters live in the cache, every app server behind
a load balancer sees the same counts when the cache is Redis (production), and tests see a fresh
local-memory cache (production refuses to start without a shared one, ``elearning/checks.py``).
Doors that take a secret (sign-in, reset, two-factor) are throttled by
:mod:`elearning.throttle` instead, in the database.

The cache is a performance aid, never a point of failure: when a call to it fails (Redis is
down or unreachable), the error is logged and the key is counted in the database instead
(:class:`elearning.models.RateLimitCounter`, one upsert per event), so the limit still holds
for every worker and server during the outage. The two counts are separate: an outage starts
a key's window again, never lets it run over by more than one window's worth. Settings:
``RATELIMIT_CACHE_ALIAS`` (default ``default``) names the cache; production points it at a
Redis alias that raises its errors (the ``default`` one reads them as misses, which would hide
them from this fallback).

Use it like this::

    from elearning.ratelimit import client_ip, hit, too_many_requests

    result = hit(f"certificates:verify:{client_ip(request)}", limit=30, window=60)
    if not result.allowed:
        return too_many_requests(request, result, "certificates/verify_limited.html")

:func:`hit` counts an event and says whether it was within the limit; :func:`peek` says whether
one more event would be, without counting; :func:`reset` forgets a key (after a
success, say). :func:`client_ip` tells who is asking.
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.template.response import TemplateResponse

__all__ = ["RateLimitResult", "client_ip", "hit", "peek", "reset", "too_many_requests"]

_PREFIX = "ratelimit:"
_TABLE = "elearning_ratelimitcounter"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimitResult:
    """What a key's counter says: how many events in this window, and when the window ends."""

    #: Events counted in the current window (including this one, for :func:`hit`).
    count: int
    #: Events allowed per window.
    limit: int
    #: Unix time at which the current window ends and the counter starts again from zero.
    resets_at: float

    @property
    def allowed(self):
        """True while the counted (or, for :func:`peek`, the next) event is within the limit."""
        return self.count <= self.limit

    @property
    def retry_after(self):
        """Whole seconds until the window ends (at least 1): the value of a Retry-After header."""
        return max(1, math.ceil(self.resets_at - time.time()))

    @property
    def resets_at_datetime(self):
        """The end of the window as an aware datetime (for "try again after 14:35")."""
        return datetime.fromtimestamp(self.resets_at, tz=UTC)


def _digest(key):
    # Keys carry user input (usernames): hash them so any text makes a valid cache key.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _cache_keys(key):
    digest = _digest(key)
    return f"{_PREFIX}{digest}:count", f"{_PREFIX}{digest}:reset"


def _cache():
    return caches[getattr(settings, "RATELIMIT_CACHE_ALIAS", "default")]


def hit(key, *, limit, window):
    """Count one event for ``key`` and return the counter; ``allowed`` is False past ``limit``.

    The window starts with the first event and lasts ``window`` seconds; events during it do not
    extend it. In the database when the cache fails (see the module docstring).
    """
    now = time.time()
    try:
        count, resets_at = _hit_in_cache(key, window, now)
    except Exception:
        logger.warning("Rate-limit cache unavailable: counting in the database", exc_info=True)
        count, resets_at = _hit_in_database(key, window, now)
    return RateLimitResult(count=count, limit=limit, resets_at=resets_at)


def _hit_in_cache(key, window, now):
    cache = _cache()
    count_key, reset_key = _cache_keys(key)
    cache.add(reset_key, now + window, timeout=window)
    cache.add(count_key, 0, timeout=window)
    try:
        count = cache.incr(count_key)
    except ValueError:
        # The counter expired between add() and incr(): this event opens a new window.
        cache.set(reset_key, now + window, timeout=window)
        cache.set(count_key, 1, timeout=window)
        count = 1
    return count, cache.get(reset_key) or now + window


def _hit_in_database(key, window, now):
    """One upsert: a new or expired counter starts at 1, a running one adds 1."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (key, count, resets_at) VALUES (%s, 1, %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN {_TABLE}.resets_at <= %s THEN 1 ELSE {_TABLE}.count + 1 END, "
            f"resets_at = CASE WHEN {_TABLE}.resets_at <= %s THEN excluded.resets_at "
            f"ELSE {_TABLE}.resets_at END "
            "RETURNING count, resets_at",
            [_digest(key), now + window, now, now],
        )
        count, resets_at = cursor.fetchone()
    return count, resets_at


def peek(key, *, limit, window):
    """Return whether one more event for ``key`` would be allowed, without counting it.

    ``count`` in the result is the events so far plus the one being considered.
    """
    now = time.time()
    count_key, reset_key = _cache_keys(key)
    try:
        cache = _cache()
        count = cache.get(count_key) or 0
        resets_at = cache.get(reset_key) or now + window
    except Exception:
        logger.warning("Rate-limit cache unavailable: reading the database", exc_info=True)
        count, resets_at = _peek_in_database(key, window, now)
    return RateLimitResult(count=count + 1, limit=limit, resets_at=resets_at)


def _peek_in_database(key, window, now):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count, resets_at FROM {_TABLE} WHERE key = %s AND resets_at > %s",  # noqa: S608
            [_digest(key), now],
        )
        row = cursor.fetchone()
    return row if row is not None else (0, now + window)


def reset(key):
    """Forget every event counted for ``key`` (in the database too when the cache fails).

    A count kept in the database during an outage runs out with its window.
    """
    try:
        _cache().delete_many(_cache_keys(key))
    except Exception:
        logger.warning("Rate-limit cache unavailable (delete)", exc_info=True)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_TABLE} WHERE key = %s", [_digest(key)])  # noqa: S608


def client_ip(request):
    """The address of the client, as a string to use in a rate-limit key.

    ``REMOTE_ADDR`` unless the setting ``TRUST_X_FORWARDED_FOR`` is true (the site runs behind a
    reverse proxy that appends the client's address to ``X-Forwarded-For``); then the last
    address in that header, the one our own proxy wrote, since earlier entries are whatever the
    client chose to send. IPv6 addresses are reduced to their /64 network, because one client
    usually holds a whole /64 and could otherwise step around a limit.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            address = entries[-1]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def too_many_requests(request, result, template_name, context=None):
    """A 429 response rendered from ``template_name`` with a ``Retry-After`` header.

    The template receives ``retry_after`` (seconds) and ``retry_at`` (aware datetime).
    """
    response = TemplateResponse(
        request,
        template_name,
        {
            **(context or {}),
            "retry_after": result.retry_after,
            "retry_at": result.resets_at_datetime,
        },
        status=429,
    )
    response["Retry-After"] = str(result.retry_after)
    return response
