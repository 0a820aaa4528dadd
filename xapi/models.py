"""
The record of what the platform sends to the LRS, and the opaque id that stands for a learner.

A :class:`Statement` is one xAPI statement as sent (``payload``), with its delivery state:
``attempts`` made, ``last_error`` seen, ``sent_at`` once the LRS accepted it. Its primary key is
the statement id the LRS stores, derived from what happened (:func:`xapi.statements.statement_id`),
so recording the same event twice finds the same row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    """The xAPI verbs the platform uses; ``iri`` is the verb's id in a statement."""

    EXPERIENCED = "experienced", _("experienced")
    COMPLETED = "completed", _("completed")
    ANSWERED = "answered", _("answered")
    DECIDED = "decided", _("decided")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    EARNED = "earned", _("earned")
    REVOKED = "revoked", _("revoked")

    @property
    def iri(self):
        return VERB_IRIS[self.value]


VERB_IRIS = {
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "decided": "https://w3id.org/xapi/dod-isd/verbs/decided",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "earned": "http://id.tincanapi.com/verb/earned",
    "revoked": "https://w3id.org/xapi/openbadges/verbs/revoked",
}


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("gave up after repeated errors")


class StatementQuerySet(models.QuerySet):
    def due(self, max_attempts):
        """Statements still to send: pending, with attempts left."""
        return self.filter(status=StatementStatus.PENDING, attempts__lt=max_attempts)


class Statement(models.Model):
    """One xAPI statement: what was (or will be) sent, and how its delivery went."""

    id = models.UUIDField(_("statement id"), primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learner"),
    )
    verb = models.CharField(_("verb"), max_length=20, choices=Verb.choices)
    activity_id = models.CharField(_("activity id"), max_length=500)
    payload = models.JSONField(_("statement"), default=dict)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatementStatus.choices,
        default=StatementStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "attempts"], name="xapi_statement_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values), name="xapi_statement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(verb__in=Verb.values), name="xapi_statement_verb_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=StatementStatus.SENT) | Q(sent_at__isnull=False),
                name="xapi_statement_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.verb} {self.activity_id}"


class LearnerAgent(models.Model):
    """The opaque, stable name by which the LRS knows a learner (never their email or name)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="xapi_agent",
        verbose_name=_("learner"),
    )
    name = models.UUIDField(_("account name in the LRS"), default=uuid.uuid4, unique=True)

    class Meta:
        verbose_name = _("xAPI learner id")
        verbose_name_plural = _("xAPI learner ids")

    def __str__(self):
        return str(self.name)
