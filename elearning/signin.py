"""
Sign-in with a limit on wrong passwords, per account and per client address.

Guessing passwords is cheap for an attacker, so every failed sign-in counts against two keys in
the shared cache (:mod:`elearning.ratelimit`): the account's username and the client's address.
Past ``LOGIN_FAILURES_PER_ACCOUNT`` failures for one account, or ``LOGIN_FAILURES_PER_ADDRESS``
from one address, within ``LOGIN_FAILURE_WINDOW`` seconds, sign-in is refused for the rest of the
window, even with the right password, and the page says until when. A successful sign-in clears
the account's counter. The address counter is left to run out on its own: otherwise anyone with
one account of their own could clear it between guesses at other accounts.

The Wagtail admin has no login form of its own here: ``/admin/login/`` sends people to
``/accounts/login/`` (``elearning/urls.py``), so both are covered by this form.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from elearning import ratelimit

DEFAULT_FAILURES_PER_ACCOUNT = 5
DEFAULT_FAILURES_PER_ADDRESS = 20
DEFAULT_FAILURE_WINDOW = 15 * 60


def _limits():
    window = getattr(settings, "LOGIN_FAILURE_WINDOW", DEFAULT_FAILURE_WINDOW)
    per_account = getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", DEFAULT_FAILURES_PER_ACCOUNT)
    per_address = getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", DEFAULT_FAILURES_PER_ADDRESS)
    return window, per_account, per_address


def account_key(username):
    """The rate-limit key of an account; case does not matter, so "Volunteer" counts too."""
    return f"login:account:{(username or '').strip().casefold()}"


def address_key(request):
    """The rate-limit key of the client address that sent ``request``."""
    return f"login:address:{ratelimit.client_ip(request)}"


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing accounts and addresses with too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "There have been too many unsuccessful attempts to sign in. For your security, "
            "signing in is paused until %(time)s (about %(minutes)s minutes). If you have "
            "forgotten your password, you can reset it now."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or self.request is None:
            return super().clean()
        window, per_account, per_address = _limits()
        checks = [
            ratelimit.peek(account_key(username), limit=per_account, window=window),
            ratelimit.peek(address_key(self.request), limit=per_address, window=window),
        ]
        refused = [result for result in checks if not result.allowed]
        if refused:
            raise self._locked_error(refused)
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                counted = [
                    ratelimit.hit(account_key(username), limit=per_account, window=window),
                    ratelimit.hit(address_key(self.request), limit=per_address, window=window),
                ]
                now_locked = [result for result in counted if result.count >= result.limit]
                if now_locked:
                    raise self._locked_error(now_locked) from error
            raise
        ratelimit.reset(account_key(username))
        return cleaned_data

    def _locked_error(self, results):
        latest = max(results, key=lambda result: result.resets_at)
        resets_at = timezone.localtime(latest.resets_at_datetime)
        return ValidationError(
            self.error_messages["locked"],
            code="locked",
            params={
                "time": time_format(resets_at, "H:i"),
                "minutes": max(1, round(latest.retry_after / 60)),
            },
        )


class SignInView(LoginView):
    """The sign-in page for learners and the admin, with the rate-limited form.

    A signed-in person is sent on to where they were going, except when they were sent here
    *because* their account cannot open that page (``?next=/admin/`` for a volunteer): then the
    page says so and offers to sign in as someone else, instead of bouncing between the two
    pages for ever.
    """

    authentication_form = RateLimitedAuthenticationForm

    def dispatch(self, request, *args, **kwargs):
        self.redirect_authenticated_user = not request.GET.get(self.redirect_field_name)
        return super().dispatch(request, *args, **kwargs)
