"""
One throttle for every door that takes a secret: django-axes, counted in the database.

Guessing is cheap for an attacker, so each door that checks a password, a password-reset link or
a two-factor code counts its failures against two keys: the *account* (the username typed, in any
case) and the client *address* (:func:`elearning.ratelimit.client_ip`, which trusts
``X-Forwarded-For`` only behind our own proxy). Past ``LOGIN_FAILURES_PER_ACCOUNT`` failures for
one account, or ``LOGIN_FAILURES_PER_ADDRESS`` from one address, within ``LOGIN_FAILURE_WINDOW``
seconds of the latest one, the door answers 429 "paused until HH:MM", even with the right
secret. django-axes does the counting:

* its authentication backend (first in ``AUTHENTICATION_BACKENDS``) refuses a locked account or
  address *inside* :func:`django.contrib.auth.authenticate`, and its handler counts every
  ``user_login_failed`` signal, so every view that signs in through Django (ours, and any other
  that might appear) is covered at once;
* the doors that do not call ``authenticate`` (the two-factor code, a reset request, a reset
  link, the current password on the change form) call :func:`refuse_if_locked` first and
  :func:`count_failure` on a failure;
* its database handler keeps the counts in ``axes_accessattempt``, so every worker and server
  sees the same counts (``elearning.checks`` refuses per-process throttles in production).

Axes compares one number with one limit; :class:`AccountOrAddressHandler` gives each key its own
limit by reporting how close the *nearest* lock is. A successful sign-in clears the account's
failures only (:func:`forget_account_failures`): clearing the address too would let anyone with
one account of their own wipe the counter between guesses at other accounts.

Reset requests count under ``"reset:" + email`` rather than the account itself, so a person
locked out of signing in can still ask for a reset link, as the paused page suggests; the address
counter is shared by every door.
"""

import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from elearning import ratelimit

__all__ = [
    "AccountOrAddressHandler",
    "ThrottleBackend",
    "client_address",
    "count_failure",
    "failure_limit",
    "forget_account_failures",
    "lockout_response",
    "normalise_username",
    "refuse_if_locked",
    "window",
]

DEFAULT_FAILURES_PER_ACCOUNT = 5
DEFAULT_FAILURES_PER_ADDRESS = 20
DEFAULT_FAILURE_WINDOW = 15 * 60


def _per_account():
    return getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", DEFAULT_FAILURES_PER_ACCOUNT)


def _per_address():
    return getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", DEFAULT_FAILURES_PER_ADDRESS)


def window(request=None):
    """``AXES_COOLOFF_TIME``: ``LOGIN_FAILURE_WINDOW`` seconds as a timedelta."""
    return timedelta(seconds=getattr(settings, "LOGIN_FAILURE_WINDOW", DEFAULT_FAILURE_WINDOW))


def failure_limit(request=None, credentials=None):
    """``AXES_FAILURE_LIMIT``: the account limit (the handler scales the address count to it)."""
    return _per_account()


def client_address(request):
    """``AXES_CLIENT_IP_CALLABLE``: the address rate limits use, or None when unreadable."""
    address = ratelimit.client_ip(request)
    return None if address == "unknown" else address


def normalise_username(request, credentials):
    """``AXES_USERNAME_CALLABLE``: the username typed, trimmed and case-folded, or None."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    if not username:
        return None
    # Null bytes and overlong input must not reach the database (PostgreSQL refuses NUL).
    return str(username).strip().casefold().replace("\x00", "")[:150] or None


class AccountOrAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per account and another per address.

    ``AXES_LOCKOUT_PARAMETERS`` is ``["username", "ip_address"]``, so axes hands over one set of
    attempts per key, in that order. :meth:`get_failures` answers how many of the account limit
    are used up by the key nearest its own limit, so axes' single comparison
    (``failures >= AXES_FAILURE_LIMIT``) locks as soon as either key reaches its limit.
    """

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            # What axes stores of the request must be text PostgreSQL accepts.
            AxesProxyHandler.update_request(request)
            for name in ("axes_path_info", "axes_user_agent", "axes_http_accept"):
                value = getattr(request, name, None)
                if isinstance(value, str):
                    setattr(request, name, value.replace("\x00", "")[:255])
        return super().user_login_failed(sender, credentials, request=request, **kwargs)

    def get_failures(self, request, credentials=None):
        per_account, per_address = _per_account(), _per_address()
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        account_count, address_count = (counts + [0, 0])[:2]
        if get_client_username(request, credentials) is None:
            account_count = 0
        if request.axes_ip_address is None:
            address_count = 0
        left = min(per_account - account_count, per_address - address_count)
        return max(0, per_account - left)


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, first in ``AUTHENTICATION_BACKENDS``; it never signs anyone in itself.

    Every door passes the request to ``authenticate()``, and is throttled. A call without a
    request comes from code on the server (a shell, the test client's ``login()``), which no
    visitor reaches; axes would refuse it with an error, this backend lets it through.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def refuse_if_locked(request, username=None):
    """The 429 "paused" response if ``username`` or this address is locked; None otherwise."""
    credentials = {"username": username}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return lockout_response(request, None, credentials)


def count_failure(request, username=None):
    """Count one failure (a wrong code, a bad reset link, a reset request) for this door.

    Sent as Django's ``user_login_failed`` so that axes counts it like a wrong password; when it
    reaches a limit, ``AxesMiddleware`` answers with :func:`lockout_response`.
    """
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def forget_account_failures(sender, request, user, **kwargs):
    """On sign-in, clear the failures counted against the account (not against the address)."""
    username = normalise_username(request, {"username": user.get_username()})
    if username:
        AccessAttempt.objects.filter(username=username).delete()


def _paused_until(request, credentials):
    AxesProxyHandler.update_request(request)
    keys = Q(pk__in=[])
    username = get_client_username(request, credentials)
    if username:
        keys |= Q(username=username)
    if request.axes_ip_address:
        keys |= Q(ip_address=request.axes_ip_address)
    latest = AccessAttempt.objects.filter(keys).aggregate(latest=Max("attempt_time"))["latest"]
    return (latest or timezone.now()) + window(request)


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: 429 with the time signing in starts again, on every door."""
    until = _paused_until(request, credentials)
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    # Rendered now: the middleware that calls this runs after views have rendered theirs.
    response = render(
        request,
        "registration/signin_paused.html",
        {"retry_at": until, "minutes": max(1, round(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
