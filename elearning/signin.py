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

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from elearning import languages, throttle, two_factor
from elearning.offline import clear_site_data


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

    def get_success_url(self):
        """Where the learner was going, in the language of their profile (elearning.languages)."""
        return languages.redirect_in_preferred_language(
            self.request.user, super().get_success_url(), self.request
        )

    def form_valid(self, form):
        """Sign in, in the learner's preferred language; first ask for a code if they chose one."""
        user = form.get_user()
        if two_factor.asks_code_at_sign_in(user):
            response = two_factor.begin_sign_in_with_code(
                self.request, user, self.get_success_url()
            )
        else:
            response = super().form_valid(form)
        profile = getattr(user, "learner_profile", None)
        if profile is not None:
            apply_language(response, profile.preferred_language)
        return response


def apply_language(response, language_code):
    """Make Django's language cookie say ``language_code`` (if the site offers it)."""
    if language_code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language_code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or None,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY or None,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _reset_key(email):
    return f"reset:{(email or '').strip().casefold()}"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, except that the email is queued for the task worker.

    The request answers at once; the worker makes the link and sends it
    (:func:`elearning.emails.send_password_reset_email`).
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from elearning.emails import send_password_reset_email

        user_id = context["user"].pk
        options = {
            "email": to_email,
            "domain": context["domain"],
            "site_name": context["site_name"],
            "protocol": context["protocol"],
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        }
        # Nothing is written before it, so no transaction to wait for.
        send_password_reset_email.enqueue(user_id, **options)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; each request counts for the email typed and for the address."""

    form_class = QueuedPasswordResetForm

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


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django's view) and empty the device's offline store."""

    def post(self, request, *args, **kwargs):
        return clear_site_data(super().post(request, *args, **kwargs))


#: Wagtail's admin logout, refused (405, nothing touched) unless it is a POST. Wagtail's own view
#: deletes the session cookie on any answer, the 405 to a GET included.
_wagtail_logout = WagtailLogoutView.as_view()


@require_POST
def admin_logout(request, *args, **kwargs):
    return clear_site_data(_wagtail_logout(request, *args, **kwargs))
