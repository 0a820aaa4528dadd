"""Signal receivers: what the certificates app does when something happens below it."""

import logging

from django.db import transaction
from django.dispatch import receiver

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
