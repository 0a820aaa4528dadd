"""
The invitation a new learner receives: a link to choose their password.

The link is Django's own password-reset confirmation (``/accounts/reset/<uidb64>/<token>/``)
with a token from :data:`django.contrib.auth.tokens.default_token_generator`. The token is tied
to the account's password and last sign-in, so it stops working once the learner has chosen a
password, and it expires after ``PASSWORD_RESET_TIMEOUT`` (a manager can send a new one from the
learner's record). The site address comes from ``WAGTAILADMIN_BASE_URL``.

:func:`send_invitation_email` is the ``django-tasks`` task that sends it, queued by
:func:`learners.services.invite_learner` after its transaction commits. This module reads the
profile and sends mail; it never calls the services, so the services can queue it without an
import circle.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from elearning.languages import language_for
from learners.models import LearnerProfile


def site_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def set_password_url(user):
    """The absolute link where ``user`` chooses their password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url() + path


def invitation_email(user):
    """The invitation for ``user`` as an email (plain text with an HTML alternative)."""
    # An account made before profiles existed has none yet; the services make one the same way.
    profile, _created = LearnerProfile.objects.get_or_create(user=user)
    # In the learner's language, links included: they open the pages in that language.
    with translation.override(language_for(user)):
        context = {
            "name": profile.name if profile.display_name or user.get_full_name() else "",
            "username": user.get_username(),
            "set_password_url": set_password_url(user),
            "login_url": site_url() + reverse("login"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("learners/email/invitation_subject.txt", context)
        body = render_to_string("learners/email/invitation.txt", context)
        html = render_to_string("learners/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_invitation_email(user_id):
    """Email the learner their invitation; skipped if they can no longer use it.

    Runs after the transaction that created the learner has committed, perhaps minutes later on
    a worker, so it checks again that the account is active and still has no password.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password() or not user.email:
        return False
    invitation_email(user).send()
    return True
