"""
The learner's own account page, ``/my-account/``.

One page with everything a learner may change about themselves, each part its own small form so
that an error in one never loses what was typed in another:

- *settings*: the name printed on certificates, the preferred language (stored on the profile and
  applied through Django's language cookie, here and at sign-in) and notification preferences
  (refresher reminders on or off; :func:`certificates.services.due_dated_reminders` respects it);
- *email*: a new address, confirmed by typing the current password again (a wrong password counts
  like a wrong sign-in, :mod:`elearning.throttle`);
- links to the password change (Django's view, :mod:`elearning.signin`) and to two-factor sign-in
  (django-otp, :mod:`elearning.two_factor`), which a learner may turn on for themselves, and turn
  off again with their password and a current code (not when their role requires it);
- a changed address or two-factor turned off is told by email (:mod:`learners.notices`): the old
  address hears of an email change, so a person whose account was taken over finds out;
- *download my data*: the same privacy export a manager takes in the admin
  (:func:`learners.services.export_learner_json`), of the signed-in account only.

Every change goes through :mod:`learners.services`, which writes the audit log. A form with bad
input is shown again with its errors and answers 400; nothing is changed.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elearning import throttle
from elearning.signin import apply_language
from elearning.two_factor import account_requires_two_factor, confirmed_device
from learners import services
from learners.models import LearnerProfile


class AccountSettingsForm(forms.Form):
    """The name on certificates, the language and the reminders a learner wants."""

    display_name = forms.CharField(
        label=_("Name on certificates"),
        max_length=LearnerProfile._meta.get_field("display_name").max_length,
        required=False,
        help_text=_(
            "Printed on certificates issued from now on. Leave empty to use your account name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=())
    refresher_reminders = forms.BooleanField(
        label=_("Email me before a certificate expires, so I can take the refresher in time"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = settings.LANGUAGES


class EmailChangeForm(forms.Form):
    """A new email address, confirmed with the current password."""

    email = forms.EmailField(
        label=_("New email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your current password."), code="password_incorrect"
            )
        return password


class TwoFactorOffForm(forms.Form):
    """Turning two-factor sign-in off: the current password and a code from the app."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The six digits your app shows now."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        # Its own ids: the email form on the same page also has a password field.
        kwargs.setdefault("auto_id", "id_two_factor_off_%s")
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your current password."), code="password_incorrect"
            )
        return password

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        device = confirmed_device(self.user)
        if device is None or not code.isdigit() or not device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right. Type the six digits your app shows now."),
                code="code_incorrect",
            )
        return code


def _settings_initial(profile):
    return {
        "display_name": profile.display_name,
        "preferred_language": profile.preferred_language,
        "refresher_reminders": profile.refresher_reminders,
    }


def _render(
    request, profile, *, settings_form=None, email_form=None, two_factor_form=None, status=200
):
    user = request.user
    return render(
        request,
        "learners/account/account.html",
        {
            "profile": profile,
            "settings_form": settings_form
            or AccountSettingsForm(initial=_settings_initial(profile)),
            "email_form": email_form or EmailChangeForm(user=user),
            "two_factor_on": confirmed_device(user) is not None,
            "two_factor_required": account_requires_two_factor(user),
            "two_factor_form": two_factor_form or TwoFactorOffForm(user=user),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The account page; a POST saves the settings form."""
    profile = services.ensure_profile(request.user)
    if request.method == "GET":
        return _render(request, profile)
    form = AccountSettingsForm(request.POST)
    if not form.is_valid():
        return _render(request, profile, settings_form=form, status=400)
    profile = services.update_own_settings(user=request.user, **form.cleaned_data)
    messages.success(request, gettext("Your settings are saved."))
    return apply_language(redirect("my_account"), profile.preferred_language)


@never_cache
@login_required
@require_POST
def change_email(request):
    """Change the account's email address after the password is typed again."""
    user = request.user
    refused = throttle.refuse_if_locked(request, user.get_username())
    if refused is not None:
        return refused
    profile = services.ensure_profile(user)
    form = EmailChangeForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.change_own_email(user=user, email=form.cleaned_data["email"])
        except services.LearnerExists as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, gettext("Your email address is changed."))
            return redirect("my_account")
    elif form.has_error("password", "password_incorrect"):
        throttle.count_failure(request, user.get_username())
    return _render(request, profile, email_form=form, status=400)


@never_cache
@login_required
@require_POST
def turn_off_two_factor(request):
    """Turn the learner's own two-factor sign-in off, after their password and a current code."""
    user = request.user
    profile = services.ensure_profile(user)
    if account_requires_two_factor(user):
        messages.error(
            request,
            gettext(
                "Your role can change training content or see learners' records, so it needs "
                "two-factor sign-in: it cannot be turned off."
            ),
        )
        return _render(request, profile, status=403)
    if confirmed_device(user) is None:
        messages.error(request, gettext("Two-factor sign-in is already off."))
        return _render(request, profile, status=409)
    refused = throttle.refuse_if_locked(request, user.get_username())
    if refused is not None:
        return refused
    form = TwoFactorOffForm(request.POST, user=user)
    if not form.is_valid():
        if form.has_error("password", "password_incorrect") or form.has_error(
            "code", "code_incorrect"
        ):
            throttle.count_failure(request, user.get_username())
        return _render(request, profile, two_factor_form=form, status=400)
    services.turn_off_own_two_factor(user=user)
    messages.success(
        request,
        gettext("Two-factor sign-in is off. We have emailed you to say so."),
    )
    return redirect("my_account")


@never_cache
@login_required
@require_GET
def download_my_data(request):
    """Everything held about the signed-in learner, as the admin's privacy export gives it."""
    user = request.user
    response = HttpResponse(
        services.export_learner_json(user, by=user), content_type="application/json"
    )
    filename = f"my-training-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
