"""
What ``certificates`` holds about one learner, for the privacy export, erasure and the
admin's learner record (signals defined in ``learners``; receivers in ``receivers.py``).

Erasure revokes every certificate that still counts with the reason "erased", replaces the
frozen name by "Erased learner" on all of them (the public check page then shows an erased,
revoked certificate and no name), drops private revocation notes and the free-text reasons of
reminders. The rows stay, so counts of certificates issued remain true.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, RefresherReminder
from certificates.services import erase_learner_certificates
from learners.record import LearnerRecordSection


def certificates_for_export(user):
    certificates = Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    reminders = RefresherReminder.objects.filter(certificate__user=user).select_related(
        "certificate"
    )
    return {
        "certificates": [
            {
                "code": c.code,
                "short_code": c.short_code,
                "learner_name": c.learner_name,
                "module_title": c.module_title,
                "cycle": c.cycle,
                "issued_at": c.issued_at,
                "expires_on": c.expires_on,
                "score": c.score,
                "pathway_versions": c.pathway_versions,
                "status": c.status().value,
                "revoked_at": c.revoked_at,
                "revocation_reason": c.revocation_reason,
                "revocation_note": c.revocation_note,
                "replaced_by": c.replaced_by.short_code if c.replaced_by_id else None,
            }
            for c in certificates.select_related("replaced_by")
        ],
        "refresher_reminders": [
            {
                "certificate": r.certificate.short_code,
                "kind": r.kind,
                "reason": r.reason,
                "sent_at": r.sent_at,
            }
            for r in reminders.order_by("sent_at", "pk")
        ],
    }


def erase(user, erased_by=None):
    revoked = Certificate.objects.filter(user=user, revoked_at__isnull=True).count()
    erase_learner_certificates(user=user, erased_by=erased_by)
    return {"certificates_revoked": revoked}


def certificate_record_section(user):
    """The learner's certificates with their status today (one query)."""
    today = timezone.localdate()
    rows = [
        (certificate, certificate.status(today))
        for certificate in Certificate.objects.filter(user=user).order_by("-issued_at", "-pk")
    ]
    return LearnerRecordSection(
        title=_("Certificates"),
        template_name="certificates/admin/learner_record_certificates.html",
        context={"rows": rows},
        order=40,
    )
