"""
The emails certificates send, each a ``django-tasks`` task queued by :mod:`certificates.services`
after its transaction commits.

Locally and in tests the immediate backend runs a task at once; with a worker (see the README)
emails leave the request entirely. Each is written in the learner's preferred language, links
included (:mod:`certificates.languages`). Each task takes an id, not an object, and reads the
row again, so it works the same in a worker process. This module reads rows and sends mail; it never
calls the services, so the services can queue it without an import circle.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.models import Site

from certificates.languages import module_url_in, override_for
from certificates.models import Certificate, RefresherReminder
from certificates.models.certificates import certificate_site_url
from pathways.models import TrainingSettings


def _organisation_name():
    site = Site.objects.filter(is_default_site=True).first()
    return TrainingSettings.for_site(site).organisation_name if site else ""


@task()
def send_certificate_issued_email(certificate_id):
    """Tell the learner their certificate is ready, with links to it and to its public check."""
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None or certificate.user is None or not certificate.user.email:
        return False
    with override_for(certificate.user):
        context = {
            "certificate": certificate,
            "organisation_name": _organisation_name(),
            "certificates_url": certificate_site_url(reverse("certificate_list")),
            "verify_url": certificate.get_verify_url(),
        }
        subject = render_to_string("certificates/email/issued_subject.txt", context).strip()
        body = render_to_string("certificates/email/issued.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [certificate.user.email])
    return True


@task()
def send_refresher_reminder_email(reminder_id):
    """Send one refresher reminder (dated, or after a referral pathway change)."""
    reminder = (
        RefresherReminder.objects.select_related("certificate__user", "certificate__module")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return False
    certificate = reminder.certificate
    user = certificate.user
    if user is None or not user.is_active or not user.email:
        return False
    with override_for(user):
        module_url = ""
        if certificate.module is not None and certificate.module.live:
            module_url = certificate_site_url(
                module_url_in(certificate.module, translation.get_language())
            )
        context = {
            "reminder": reminder,
            "certificate": certificate,
            "organisation_name": _organisation_name(),
            "module_url": module_url or certificate_site_url(reverse("my_training")),
        }
        subject = render_to_string("certificates/email/reminder_subject.txt", context).strip()
        body = render_to_string("certificates/email/reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
