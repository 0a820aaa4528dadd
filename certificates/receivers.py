"""Signal receivers: what the certificates app does when something happens below it."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from certificates.models import CertificateSettings
from learners.models import LearnerProfile
from learners.signals import collect_learner_data, learner_erasing, learner_record_sections
from modules.signals import module_completed

logger = logging.getLogger(__name__)


@receiver(module_completed, dispatch_uid="certificates-issue-on-completion")
def issue_on_completion(sender, enrolment, module, user=None, **kwargs):
    """A completed module earns its certificate (once per learner, module and cycle).

    The completion itself must never be lost because a certificate could not be drawn up: a
    failure is logged and rolled back to a savepoint, and ``manage.py issue_missing_certificates``
    issues it later.
    """
    from certificates.services import issue_certificate

    try:
        with transaction.atomic():
            issue_certificate(enrolment=enrolment, module=module, user=user)
    except Exception:  # noqa: BLE001
        logger.exception("Could not issue the certificate for enrolment %s", enrolment.pk)


# Privacy and the learner record (signals sent by ``learners``; see learners/signals.py).


@receiver(collect_learner_data, dispatch_uid="certificates-export")
def export_certificates(sender, user, **kwargs):
    from certificates.learner_data import certificates_for_export

    return certificates_for_export(user)


@receiver(learner_erasing, dispatch_uid="certificates-erase")
def erase_certificates(sender, user, erased_by=None, **kwargs):
    from certificates.learner_data import erase

    return erase(user, erased_by)


@receiver(learner_record_sections, dispatch_uid="certificates-record")
def certificates_record(sender, user, **kwargs):
    from certificates.learner_data import certificate_record_section

    return certificate_record_section(user)


# Stored PDFs (certificates/documents.py): drawn again when what they show changes.


@receiver(post_save, sender=CertificateSettings, dispatch_uid="certificates-pdf-look-changed")
def redraw_after_look_change(sender, instance, **kwargs):
    """New wording, logo or signatory: every stored PDF is drawn again when next downloaded."""
    from certificates.documents import mark_drawings_stale

    mark_drawings_stale()


@receiver(post_save, sender=LearnerProfile, dispatch_uid="certificates-pdf-language-changed")
def redraw_in_new_language(sender, instance, update_fields=None, **kwargs):
    """A learner who chose another language gets their certificates drawn in it."""
    if update_fields is not None and "preferred_language" not in update_fields:
        return
    from certificates.documents import queue_drawing
    from certificates.languages import language_for
    from certificates.models import CertificateDocument

    language = language_for(instance.user)
    outdated = (
        CertificateDocument.objects.filter(certificate__user_id=instance.user_id)
        .exclude(language=language)
        .values_list("certificate_id", flat=True)
    )
    for certificate_id in outdated:
        queue_drawing(certificate_id)
