"""Signal receivers: what the certificates app does when something happens below it."""

import logging

from django.db import transaction
from django.dispatch import receiver

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
