"""
Refresher reminders: which emails a certificate's holder has been sent, so each goes once.

A reminder row is written *before* its email is queued, under a uniqueness rule, so running the
daily command twice, or on two servers at once, can never send the same reminder twice. The
three dated reminders (30 days before expiry, 7 days before, on expiry) are unique per
certificate; a reminder after a significant referral pathway change is unique per certificate and
pathway change.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DAYS_30 = "30_days", _("30 days before expiry")
    DAYS_7 = "7_days", _("7 days before expiry")
    EXPIRED = "expired", _("On expiry")
    PATHWAY_CHANGE = "pathway_change", _("Referral pathway changed")


#: The dated reminders and how many days before expiry each one is due.
DATED_REMINDERS = [
    (ReminderKind.DAYS_30, 30),
    (ReminderKind.DAYS_7, 7),
    (ReminderKind.EXPIRED, 0),
]


class RefresherReminder(models.Model):
    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("certificate"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    pathway_change = models.ForeignKey(
        "pathways.PathwayChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pathway change"),
    )
    reason = models.CharField(_("reason given"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("refresher reminder")
        verbose_name_plural = _("refresher reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"],
                condition=~Q(kind="pathway_change"),
                name="certificates_reminder_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["certificate", "pathway_change"],
                condition=Q(kind="pathway_change"),
                name="certificates_reminder_once_per_pathway_change",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.certificate}"
