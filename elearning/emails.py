"""
Account emails sent by the task worker: the password-reset link and the operator's test email.

Django's password-reset view sends its email inside the request. Here the form queues
:func:`send_password_reset_email` instead (:class:`elearning.signin.QueuedPasswordResetForm`),
with the account's id, never the link: the queue table holds no secret, and the worker makes the
link (uid and token) when it sends it. The token is tied to the password and last sign-in, so a
link made minutes later is just as valid, and one made after the password changed is refused.

:func:`send_test_email` is what ``manage.py send_test_email ADDRESS`` queues: an operator's
proof that the worker runs and mail leaves (README "Deployment").
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task


@task()
def send_password_reset_email(user_id, *, email, domain, site_name, protocol, language):
    """Email a reset link to an active account that asked for one (at ``email``)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.email.casefold() != email.casefold():
        return False  # deactivated or changed address since the request: nothing to send
    context = {
        "email": email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [email])
    return True


@task()
def send_test_email(address):
    """Send a short email to ``address`` from the worker, saying when it was queued and sent."""
    send_mail(
        f"{settings.WAGTAIL_SITE_NAME}: test email from the task worker",
        "This email was queued by `manage.py send_test_email` and sent by the task worker at "
        f"{timezone.now():%Y-%m-%d %H:%M:%S %Z}. Email and the worker are working.",
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
    return True
