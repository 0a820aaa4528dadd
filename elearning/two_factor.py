"""
Two-factor sign-in for the accounts that can change training content or see learners' records.

A stolen password alone must not open the admin. When ``REQUIRE_2FA_FOR_STAFF`` is true (the
default in production), an *admin account* (a superuser, a Django staff member, or anyone holding
``wagtailadmin.access_admin``: trainers and training managers) must, after the password, type a
six-digit code from an authenticator app before any ``/admin/`` page opens.

How it fits together:

- django-otp keeps the devices (``TOTPDevice``: a secret shared with the person's app, RFC 6238
  codes, replay protection and growing delays after wrong codes) and remembers in the session
  which device verified it (``django_otp.middleware.OTPMiddleware`` sets ``user.is_verified()``).
- :class:`TwoFactorMiddleware` sends an admin account that is not verified in this session from
  ``/admin/`` to :func:`verify` (it has a confirmed device) or to :func:`setup` (it has none yet).
  Everywhere else, such an account uses no permission at all until it is verified
  (:func:`withhold_permissions`): it takes its own training like any learner, but cannot
  download other learners' certificates, open modules outside its audience or use any other
  staff permission, whatever the URL.
- :func:`setup` shows a QR code (drawn by segno as a ``data:`` image, nothing from other sites)
  and the key as text for people who type it in, and confirms the app with one code. Setting up
  a new app is allowed only without a confirmed one, or once this session is verified, so a
  password alone can never replace someone's app.
- A person who has lost their phone asks an administrator: ``manage.py reset_two_factor USER``.

Learner pages never ask an admin account for a code: they show only the person's own training,
and without a code an admin account is only a learner there.

A learner may turn two-factor sign-in on for themselves (``/my-account/`` links to :func:`setup`).
Then the sign-in page does not sign them in after the password: it remembers in the session who
typed it (:func:`begin_sign_in_with_code`) and :func:`sign_in_code` signs them in only once the
code from their app is right, so a password alone opens nothing.
"""

from base64 import b32encode
from functools import partial

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from elearning import throttle
from elearning.security import is_admin_path

DEVICE_NAME = "Authenticator app"


def requires_two_factor(user):
    """True when ``user`` is an admin account and the site asks admin accounts for a code."""
    if not getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) or not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def account_requires_two_factor(user):
    """:func:`requires_two_factor` for the account as stored.

    The request's copy of an unverified admin account holds no permission
    (:func:`withhold_permissions`), which must not make its role look like a learner's.
    """
    if not getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) or not user.is_authenticated:
        return False
    return requires_two_factor(get_user_model().objects.get(pk=user.pk))


def confirmed_device(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def _safe_next(request, default="/admin/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _no_permission(*args, **kwargs):
    return False


def withhold_permissions(user):
    """Make ``user`` (this request's copy) hold no permission, superuser or not.

    Django answers ``has_perm`` True for any active superuser before asking a backend, so the
    answer is replaced on the object itself; the account in the database is untouched.
    """
    user.has_perm = _no_permission
    user.has_perms = _no_permission
    user.has_module_perms = _no_permission


class TwoFactorMiddleware:
    """Admin accounts without a code verified in this session: no admin, and no permissions.

    In ``/admin/`` they are sent to set up or verify; anywhere else they are served as learners
    without any permission (:func:`withhold_permissions`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not getattr(settings, "REQUIRE_2FA_FOR_STAFF", False):
            return self.get_response(request)
        if is_admin_path(request.path):
            if _unverified_admin_account(user):
                step = "two_factor_verify" if confirmed_device(user) else "two_factor_setup"
                return redirect(_with_next(step, request.get_full_path()))
        else:
            # Lazily: a learner page served again from its copy never loads the account.
            request.user = SimpleLazyObject(partial(_learner_unless_verified, user))
        return self.get_response(request)


def _unverified_admin_account(user):
    return user.is_authenticated and not user.is_verified() and requires_two_factor(user)


def _learner_unless_verified(user):
    if _unverified_admin_account(user):
        withhold_permissions(user)
    return user


class CodeForm(forms.Form):
    """Six digits from the authenticator app (spaces are ignored)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6 digits your app shows."), code="format")
        return code


def _check_code(request, form, device, *, username=None):
    """Verify the form's code against ``device``; add a clear error and return False if not.

    The device row is locked while its code is checked, so one code cannot be used twice by
    two requests at once on PostgreSQL (on SQLite, writes are serialised anyway). A wrong code
    counts against the account and the address like a wrong password (:mod:`elearning.throttle`),
    on top of django-otp's growing delays.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        verified = allowed and device.verify_token(form.cleaned_data["code"])
    if not verified:
        throttle.count_failure(request, username or request.user.get_username())
    if not allowed:
        until = details.get("locked_until") if details else None
        when = time_format(timezone.localtime(until), "H:i:s") if until else ""
        form.add_error(
            "code",
            gettext("Too many wrong codes. Wait until %(time)s, then try the newest code.")
            % {"time": when},
        )
    elif not verified:
        form.add_error(
            "code",
            gettext(
                "That code is not right. Check the clock on your phone is correct and use the "
                "newest code."
            ),
        )
    return verified


def _qr_data_uri(device):
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _readable_key(device):
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
def setup(request):
    """Connect an authenticator app: scan or type the key, then confirm with one code."""
    user = request.user
    next_url = _safe_next(request)
    if confirmed_device(user) and not user.is_verified():
        return redirect(_with_next("two_factor_verify", next_url))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    if request.method == "POST":
        refused = throttle.refuse_if_locked(request, user.get_username())
        if refused is not None:
            return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, device):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        return redirect(next_url)
    return render(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": _qr_data_uri(device),
            "key": _readable_key(device),
            "replacing": confirmed_device(user) is not None,
            "required": account_requires_two_factor(user),
        },
    )


@never_cache
@login_required
def verify(request):
    """Ask for the current code from the account's authenticator app."""
    user = request.user
    next_url = _safe_next(request)
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next("two_factor_setup", next_url))
    if request.method == "POST":
        refused = throttle.refuse_if_locked(request, user.get_username())
        if refused is not None:
            return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, device):
        django_otp.login(request, device)
        return redirect(next_url)
    return render(request, "two_factor/verify.html", {"form": form, "next": next_url})


#: Session key of a sign-in waiting for its code: the account, its backend, where to go, when.
PENDING_SIGN_IN = "two_factor_pending_sign_in"
PENDING_SIGN_IN_SECONDS = 600


def asks_code_at_sign_in(user):
    """True for an account with its own authenticator app that the admin rule does not cover."""
    return not requires_two_factor(user) and confirmed_device(user) is not None


def begin_sign_in_with_code(request, user, next_url):
    """Remember that ``user`` typed the right password; the redirect to the code page."""
    request.session.cycle_key()
    request.session[PENDING_SIGN_IN] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": timezone.now().timestamp(),
    }
    return redirect("two_factor_sign_in")


def _pending_sign_in(request):
    pending = request.session.get(PENDING_SIGN_IN)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SIGN_IN_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return pending, user


@never_cache
def sign_in_code(request):
    """The second step of a learner's sign-in: the code from their app, then signed in."""
    pending, user = _pending_sign_in(request)
    device = confirmed_device(user) if user is not None else None
    if device is None:
        request.session.pop(PENDING_SIGN_IN, None)
        return redirect("login")
    if request.method == "POST":
        refused = throttle.refuse_if_locked(request, user.get_username())
        if refused is not None:
            return refused
    form = CodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _check_code(request, form, device, username=user.get_username())
    ):
        del request.session[PENDING_SIGN_IN]
        auth_login(request, user, backend=pending["backend"])
        django_otp.login(request, device)
        next_url = pending["next"]
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = settings.LOGIN_REDIRECT_URL
        return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "two_factor/verify.html", {"form": form, "signing_in": True}, status=status
    )
