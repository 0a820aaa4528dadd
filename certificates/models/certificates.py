"""
The certificate: a frozen record that a learner completed a module in one cycle.

Everything printed on a certificate is copied onto it when it is issued (the learner's name as it
should appear, the module title, the dates, the score and the referral pathway versions the
learner was trained on), so renaming a module, editing a pathway or changing a learner's account
never rewrites a certificate that already exists.

A certificate leaves the database by its ``code``: 128 random bits written as 26 lowercase
base32 characters, which nobody can guess, and a ``short_code`` of ten characters (about 50 bits,
from an alphabet without look-alike letters) that a person can read out over the phone. Both are
unique. Lookups are rate limited, so neither can be enumerated.

Certificates are revoked, never deleted. A revocation keeps who, when, a reason category (shown
publicly) and a private note (never shown publicly). Reissuing after a name correction revokes
the old certificate as "replaced" and points it at the new one, which carries a new code.
"""

import base64
import datetime
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modules.validity import refresher_window_days

#: Crockford's base32 alphabet: no I, L, O or U, so nothing is misread.
SHORT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 10
CODE_LENGTH = 26
_CODE_RE = re.compile(r"^[a-z2-7]{26}$")
_SHORT_RE = re.compile(rf"^[{SHORT_CODE_ALPHABET}]{{{SHORT_CODE_LENGTH}}}$")


def new_code():
    """128 random bits as 26 lowercase base32 characters (URL-safe, case-insensitive)."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def new_short_code():
    """Ten characters from Crockford's alphabet, shown as two groups of five: ``7KQ2M-X9D4T``."""
    chars = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def normalise_code(text):
    """
    Turn what someone typed or scanned into ``("code", value)``, ``("short", value)`` or None.

    Long codes are case-insensitive. Short codes forgive case, spaces and dashes, and the letters
    people confuse with digits (O for 0, I and L for 1), as Crockford's base32 intends.
    """
    if not text:
        return None
    cleaned = text.strip()
    if len(cleaned) > 64:
        return None
    lowered = cleaned.lower()
    if _CODE_RE.match(lowered):
        return ("code", lowered)
    compact = re.sub(r"[\s\-]", "", cleaned).upper()
    compact = compact.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if _SHORT_RE.match(compact):
        return ("short", f"{compact[:5]}-{compact[5:]}")
    return None


class RevocationReason(models.TextChoices):
    """Why a certificate stopped counting. The category is public; the note is not."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    REPLACED = "replaced", _("Replaced by a corrected certificate")
    CONDUCT = "conduct", _("Withdrawn by the organisation")
    ERASED = "erased", _("Learner's data erased")
    OTHER = "other", _("Other")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING_SOON = "expiring_soon", _("Valid, expiring soon")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced")

    @property
    def css_modifier(self):
        return self.value.replace("_", "-")

    @property
    def counts(self):
        """True while the certificate proves current training."""
        return self in (CertificateStatus.VALID, CertificateStatus.EXPIRING_SOON)


class CertificateQuerySet(models.QuerySet):
    def not_revoked(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def current(self, on=None):
        """Not revoked and not expired on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.not_revoked().filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on))

    def expired(self, on=None):
        on = on or timezone.localdate()
        return self.not_revoked().filter(expires_on__lte=on)

    def expiring_soon(self, on=None):
        on = on or timezone.localdate()
        until = on + datetime.timedelta(days=refresher_window_days())
        return self.not_revoked().filter(expires_on__gt=on, expires_on__lte=until)

    def with_status(self, status, on=None):
        """Filter by a :class:`CertificateStatus` value (used by the admin's status filter)."""
        on = on or timezone.localdate()
        if status == CertificateStatus.REVOKED:
            return self.revoked().exclude(revocation_reason=RevocationReason.REPLACED)
        if status == CertificateStatus.REPLACED:
            return self.filter(revocation_reason=RevocationReason.REPLACED)
        if status == CertificateStatus.EXPIRED:
            return self.expired(on)
        if status == CertificateStatus.EXPIRING_SOON:
            return self.expiring_soon(on)
        if status == CertificateStatus.VALID:
            until = on + datetime.timedelta(days=refresher_window_days())
            return self.not_revoked().filter(Q(expires_on__isnull=True) | Q(expires_on__gt=until))
        return self.none()


class Certificate(models.Model):
    """Proof that ``learner_name`` completed ``module_title`` (one cycle), frozen at issue."""

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, editable=False)
    short_code = models.CharField(
        _("short code"), max_length=SHORT_CODE_LENGTH + 1, unique=True, editable=False
    )
    # The records it was issued from. Kept nullable so that removing content or an account
    # never removes a certificate (revoke, never delete).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    enrolment = models.ForeignKey(
        "modules.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("enrolment"),
    )
    module = models.ForeignKey(
        "modules.TrainingModulePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("module"),
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    # What the certificate says, frozen.
    learner_name = models.CharField(_("name on the certificate"), max_length=200)
    module_title = models.CharField(_("module title"), max_length=255)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Empty: never expires.")
    )
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pathway_versions = models.JSONField(
        _("referral pathway versions trained on"),
        default=list,
        blank=True,
        help_text=_("Each live pathway's key, title and published version at issue."),
    )
    # Revocation: kept for good.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(
        _("reason"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    revocation_note = models.TextField(
        _("private note"), blank=True, help_text=_("Never shown on the public page.")
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )

    objects = CertificateQuerySet.as_manager()

    # A certificate refers to content but is not content: keep it out of Wagtail's usage index
    # (issuing would otherwise cost half a dozen queries on the learner's request).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One certificate that counts per learner, module and cycle. A revoked one no longer
            # counts, which is what lets a corrected certificate replace it.
            models.UniqueConstraint(
                fields=["user", "module", "cycle"],
                condition=Q(revoked_at__isnull=True),
                name="certificates_one_valid_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revocation_reason="")
                | Q(revoked_at__isnull=False) & ~Q(revocation_reason=""),
                name="certificates_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["expires_on"]),
            models.Index(fields=["module", "issued_at"]),
        ]
        permissions = [
            ("revoke_certificate", _("Can revoke and reissue certificates")),
            ("download_any_certificate", _("Can download any learner's certificate")),
        ]

    def __str__(self):
        return f"{self.learner_name} – {self.module_title} ({self.short_code})"

    def status(self, on=None):
        on = on or timezone.localdate()
        if self.revoked_at is not None:
            if self.revocation_reason == RevocationReason.REPLACED:
                return CertificateStatus.REPLACED
            return CertificateStatus.REVOKED
        if self.expires_on is not None:
            if on >= self.expires_on:
                return CertificateStatus.EXPIRED
            if on >= self.expires_on - datetime.timedelta(days=refresher_window_days()):
                return CertificateStatus.EXPIRING_SOON
        return CertificateStatus.VALID

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def pathway_summary(self):
        """The referral pathways trained on, by name and publication date.

        ``"If you are worried about an adult (published 3 March 2026)"``; a certificate issued
        before dates were kept names the version instead (``"... (version 3)"``).
        """
        return "; ".join(_pathway_line(item) for item in self.pathway_versions)

    def get_verify_path(self):
        return reverse("certificate_verify_result", args=[self.code])

    def get_verify_url(self):
        """The public page the QR code opens (absolute, from ``WAGTAILADMIN_BASE_URL``).

        It carries no language prefix, whatever language the PDF or email is written in: the
        person checking a certificate reads the page in the language they choose there.
        """
        with translation.override(settings.LANGUAGE_CODE):
            return certificate_site_url(self.get_verify_path())

    def get_download_path(self):
        return reverse("certificate_download", args=[self.code])


def _pathway_line(item):
    title = item.get("title") or item.get("key", "")
    published_on = item.get("published_on")
    if published_on:
        try:
            day = datetime.date.fromisoformat(published_on)
        except ValueError:
            day = None
        if day is not None:
            return _("%(title)s (published %(date)s)") % {
                "title": title,
                "date": date_format(day, "j F Y"),
            }
    return _("%(title)s (version %(version)s)") % {
        "title": title,
        "version": item.get("version", 0),
    }


def certificate_site_url(path):
    """An absolute URL on this site, for emails and QR codes (``WAGTAILADMIN_BASE_URL``)."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"
