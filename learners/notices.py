"""
Security notices: the short emails that tell a learner their account changed.

When someone changes the address an account signs in with, or turns off two-factor sign-in, the
person who owns the account should hear of it even if it was not them: the email-change notice
goes to the *old* address (the new one may belong to whoever took the account over), the
two-factor notice to the current one. Each says what changed and when, and what to do if it was
not them (tell the anti-trafficking lead or the site's administrator, and change the password).

Both are ``django-tasks`` tasks, queued by :mod:`learners.services` after the change commits, and
rendered in the learner's preferred language. Like :mod:`learners.invitations`, this module only
reads the profile and sends mail, so the services can queue it without an import circle.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from learners.models import LearnerProfile


def _site_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def security_notice(user, *, template, to, extra=None):
    """The notice ``template`` (``learners/email/<template>_subject.txt``, ``.txt``) to ``to``."""
    profile = LearnerProfile.objects.filter(user=user).first()
    language = profile.preferred_language if profile else settings.LANGUAGE_CODE
    context = {
        "name": profile.name if profile else user.get_username(),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "when": timezone.localtime(),
        "account_url": _site_url() + reverse("my_account"),
        "password_reset_url": _site_url() + reverse("password_reset"),
        **(extra or {}),
    }
    with translation.override(language):
        subject = render_to_string(f"learners/email/{template}_subject.txt", context)
        body = render_to_string(f"learners/email/{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def _active_user(user_id):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


@task()
def send_email_changed_notice(user_id, old_email, new_email):
    """Tell the old address that the account now uses ``new_email``."""
    user = _active_user(user_id)
    if user is None or not old_email:
        return False
    security_notice(
        user, template="email_changed", to=old_email, extra={"new_email": new_email}
    ).send()
    return True


@task()
def send_two_factor_off_notice(user_id):
    """Tell the account's address that two-factor sign-in was turned off."""
    user = _active_user(user_id)
    if user is None or not user.email:
        return False
    security_notice(user, template="two_factor_off", to=user.email).send()
    return True
