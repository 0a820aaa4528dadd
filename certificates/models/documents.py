"""
The stored PDF of a certificate: drawn once by the task worker, served many times.

Drawing a certificate (fonts, shaping, QR code) takes a noticeable fraction of a second, so no
request draws one: :mod:`certificates.documents` queues the drawing when a certificate is
issued or reissued, and the download view serves the stored file. A drawing is *current* while
it is in the holder's preferred language and nothing it shows from the organisation (Settings →
Certificates) has changed since (``stale``); otherwise it is drawn again. The file sits in the
default storage, which is private (a disk outside the web root or the S3 bucket), under a
random name. Erasing a learner deletes their drawings with the files, since they carry the name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateDocument(models.Model):
    certificate = models.OneToOneField(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="document",
        verbose_name=_("certificate"),
    )
    file = models.FileField(_("PDF"), max_length=255, blank=True)
    language = models.CharField(_("language drawn in"), max_length=16, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    requested_at = models.DateTimeField(_("drawing last queued at"), null=True, blank=True)
    stale = models.BooleanField(
        _("to draw again"),
        default=False,
        help_text=_("The organisation's certificate settings changed after it was drawn."),
    )

    class Meta:
        verbose_name = _("certificate PDF")
        verbose_name_plural = _("certificate PDFs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(file="") | models.Q(drawn_at__isnull=False),
                name="certificate_document_file_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.certificate_id}: {self.file.name or '-'}"

    def is_current(self, language):
        """True when the stored file can be served to someone expecting ``language``."""
        return bool(self.file.name) and not self.stale and self.language == language
