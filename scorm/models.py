"""
SCORM dispatch: one module of this platform offered to another organisation's LMS.

::

    Dispatch            which module, for which LMS, its secret and whether it is active
    └── DispatchLearner one LMS learner (the LMS's learner id) and the account made for them

A dispatch is exported as a SCORM 1.2 or 2004 package (:mod:`scorm.packaging`): a thin launcher
with no content and no answers. The launcher asks this platform for a launch token (signed with
the dispatch's secret, expiring; :mod:`scorm.tokens`), opens the module here for that learner,
and reports completion, score and pass/fail back to the LMS from the status endpoint.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret():
    """256 random bits, the key every launch token of a dispatch is signed with."""
    return secrets.token_urlsafe(32)


class Dispatch(models.Model):
    """A module offered to one external LMS through a SCORM package."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    module = models.ForeignKey(
        "modules.TrainingModulePage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("module"),
    )
    lms_name = models.CharField(
        _("LMS name"),
        max_length=200,
        help_text=_("The organisation or LMS the package is for, as managers will recognise it."),
    )
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to stop every package of this dispatch from launching."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("SCORM dispatch")
        verbose_name_plural = _("SCORM dispatches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.module.title} for {self.lms_name}"


class DispatchLearner(models.Model):
    """The account made for one LMS learner of one dispatch (no email, no password)."""

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="learners", verbose_name=_("dispatch")
    )
    lms_learner_id = models.CharField(_("learner id in the LMS"), max_length=255)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scorm_learner",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("SCORM learner")
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "lms_learner_id"], name="scorm_one_account_per_lms_learner"
            )
        ]

    def __str__(self):
        return f"{self.lms_learner_id} ({self.dispatch.lms_name})"
