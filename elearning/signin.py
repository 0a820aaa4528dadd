"""
The sign-in, password and logout views: one of each, every one throttled.

There is one sign-in page, ``/accounts/login/``: the Wagtail admin's ``/admin/login/`` and
Wagtail's front-end ``/_util/login/`` redirect to it (``elearning/urls.py``), and the admin's own
password reset and password change are switched off (``WAGTAIL_PASSWORD_RESET_ENABLED``,
``WAGTAIL_PASSWORD_MANAGEMENT_ENABLED``), so every secret is typed into a view of this module or
of :mod:`elearning.two_factor`. Wrong passwords are counted by django-axes inside
``authenticate()`` (:mod:`elearning.throttle`); the views here count what ``authenticate()``
never sees: reset requests, reset links that do not work and wrong current passwords.

Logging out is a POST everywhere (a link on another site must not sign a trainer out).
"""

from django.contrib.auth import views as auth_views
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from elearning import throttle


class SignInView(auth_views.LoginView):
    """The sign-in page for learners and the admin.

    A signed-in person is sent on to where they were going, except when they were sent here
    *because* their account cannot open that page (``?next=/admin/`` for a volunteer): then the
    page says so and offers to sign in as someone else, instead of bouncing between the two
    pages for ever.
    """

    def dispatch(self, request, *args, **kwargs):
        self.redirect_authenticated_user = not request.GET.get(self.redirect_field_name)
        return super().dispatch(request, *args, **kwargs)


def _reset_key(email):
    return f"reset:{(email or '').strip().casefold()}"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; each request counts for the email typed and for the address."""

    def post(self, request, *args, **kwargs):
        key = _reset_key(request.POST.get("email"))
        refused = throttle.refuse_if_locked(request, key)
        if refused is not None:
            return refused
        throttle.count_failure(request, key)
        if getattr(request, "axes_locked_out", False):
            return throttle.lockout_response(request)  # this request reached the limit
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from an emailed link; links that do not work count per address."""

    def dispatch(self, *args, **kwargs):
        refused = throttle.refuse_if_locked(self.request)
        if refused is not None:
            return refused
        response = super().dispatch(*args, **kwargs)
        if not self.validlink:
            throttle.count_failure(self.request)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; a wrong current password counts like a wrong sign-in."""

    def post(self, request, *args, **kwargs):
        username = request.user.get_username()
        refused = throttle.refuse_if_locked(request, username)
        if refused is not None:
            return refused
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            throttle.count_failure(self.request, self.request.user.get_username())
        return super().form_invalid(form)


#: Wagtail's admin logout, refused (405, nothing touched) unless it is a POST. Wagtail's own view
#: deletes the session cookie on any answer, the 405 to a GET included.
admin_logout = require_POST(WagtailLogoutView.as_view())
