"""
The learner profile and the record that an erasure happened.

Every account has one :class:`LearnerProfile` (created with the account, see
:mod:`learners.receivers`). It holds what the organisation knows about a learner beyond the
login: the name printed on certificates, region and team, role and preferred language, and the
dates of the invitation, deactivation and erasure.

The *active flag* is Django's own ``User.is_active`` (the one the login checks); the profile
records who deactivated the learner and when. The *role* is a copy of the learner's role-group
membership kept in step by :mod:`learners.receivers` and set through
:func:`learners.services.assign_role`, so that listings can filter on one column.

An :class:`ErasureRecord` says that a learner's personal data was erased, by whom and when, and
how many records each app anonymised; it holds no personal data.

Writes go through :mod:`learners.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learners.roles import Role


class LearnerStatus(models.TextChoices):
    """Where an account stands; derived from the user and the profile, never stored."""

    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")
    ERASED = "erased", _("Erased")


class ExclusionReason(models.TextChoices):
    """Why a manager took an account out of the compliance and completion counts."""

    LEFT = "left", _("Left the organisation")
    LONG_TERM_LEAVE = "long_term_leave", _("Long-term leave")
    OTHER = "other", _("Other reason")


class LearnerProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True, erased_at__isnull=True)

    def counted(self):
        """Active learners the reports count: not excluded from reports by a manager."""
        return self.active().filter(excluded_from_reports_at__isnull=True)

    def excluded_from_reports(self):
        """Active learners a manager excluded from the reports' counts."""
        return self.active().filter(excluded_from_reports_at__isnull=False)

    def deactivated(self):
        return self.filter(user__is_active=False, erased_at__isnull=True)

    def erased(self):
        return self.filter(erased_at__isnull=False)

    def with_status(self, status):
        return {
            LearnerStatus.ACTIVE: self.active,
            LearnerStatus.DEACTIVATED: self.deactivated,
            LearnerStatus.ERASED: self.erased,
        }[LearnerStatus(status)]()

    def regions(self):
        """The regions in use, sorted, for filters."""
        return (
            self.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
        )


class LearnerProfile(models.Model):
    """What the organisation knows about one learner beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
        verbose_name=_("account"),
    )
    display_name = models.CharField(
        _("name on certificates"),
        max_length=200,
        blank=True,
        help_text=_("As the learner wants it printed. Empty: the account's full name."),
    )
    region = models.CharField(_("region"), max_length=100, blank=True, db_index=True)
    team = models.CharField(_("team"), max_length=100, blank=True)
    role = models.CharField(
        _("role"),
        max_length=40,
        choices=Role.choices,
        blank=True,
        db_index=True,
        help_text=_("Set through the role groups; kept in step with them."),
    )
    # A language code from settings.LANGUAGES (checked by the admin form, not by ``choices``,
    # so that adding a language is configuration, not a migration).
    preferred_language = models.CharField(
        _("preferred language"), max_length=15, default=settings.LANGUAGE_CODE
    )
    refresher_reminders = models.BooleanField(
        _("refresher reminders by email"),
        default=True,
        help_text=_(
            "The learner's choice on their account page: reminders before a certificate expires."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported from a file"), null=True, blank=True)
    invited_at = models.DateTimeField(_("last invitation sent"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deactivated by"),
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # Reports count the active learners in a module's audience; a manager can leave an account
    # out of those counts (someone who has left but whose account lingers, long-term leave) and
    # bring it back. Who and when are kept here; each change is also in the audit log.
    excluded_from_reports_at = models.DateTimeField(
        _("excluded from reports"), null=True, blank=True
    )
    excluded_from_reports_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("excluded from reports by"),
    )
    exclusion_reason = models.CharField(
        _("why excluded from reports"), max_length=20, choices=ExclusionReason.choices, blank=True
    )
    exclusion_note = models.CharField(_("note on the exclusion"), max_length=255, blank=True)

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        permissions = [
            ("import_learners", _("Can import learners from a CSV file")),
            ("deactivate_learner", _("Can deactivate and reactivate learners")),
            ("export_learner_data", _("Can export everything held about a learner")),
            ("erase_learner", _("Can erase a learner's personal data")),
        ]
        constraints = [
            # An exclusion always says why; an included learner carries no reason.
            models.CheckConstraint(
                condition=(
                    Q(excluded_from_reports_at__isnull=True, exclusion_reason="")
                    | (Q(excluded_from_reports_at__isnull=False) & ~Q(exclusion_reason=""))
                ),
                name="learners_exclusion_has_reason",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name to show and print: the display name, else full name, else username."""
        user = self.user
        return self.display_name or user.get_full_name() or user.get_username()

    @property
    def status(self):
        if self.erased_at is not None:
            return LearnerStatus.ERASED
        return LearnerStatus.ACTIVE if self.user.is_active else LearnerStatus.DEACTIVATED

    @property
    def is_excluded_from_reports(self):
        return self.excluded_from_reports_at is not None

    @property
    def is_erased(self):
        return self.erased_at is not None


class ErasureRecord(models.Model):
    """That a learner's personal data was erased: when, by whom, and how much was anonymised.

    ``user`` is the kept, anonymised account (its id is what reports count). ``summary`` holds
    counts per app, such as ``{"free_text_answers_deleted": 3}``; never a name or an answer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("anonymised account"),
    )
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
        help_text=_("Empty when erased from the command line."),
    )
    summary = models.JSONField(_("what was anonymised"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-erased_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(user__isnull=False),
                name="learners_erasure_once_per_user",
            )
        ]

    def __str__(self):
        return f"Erasure of account {self.user_id} on {self.erased_at:%Y-%m-%d}"
