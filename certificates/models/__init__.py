from certificates.models.certificates import (
    Certificate,
    CertificateQuerySet,
    CertificateStatus,
    RevocationReason,
)
from certificates.models.documents import CertificateDocument
from certificates.models.reminders import RefresherReminder, ReminderKind
from certificates.models.site import CertificateSettings

__all__ = [
    "Certificate",
    "CertificateDocument",
    "CertificateQuerySet",
    "CertificateSettings",
    "CertificateStatus",
    "RefresherReminder",
    "ReminderKind",
    "RevocationReason",
]
