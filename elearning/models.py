"""
Freshness stamps: a token that changes whenever what it stands for is written.

One row per scope: ``content`` (everything shared: pages, snippets, settings, groups) and
``learner:<user id>`` (one learner's own records). :mod:`elearning.freshness` replaces a token
in the same transaction as the write it stands for; :mod:`elearning.page_cache` reads the tokens
at the start of a request and keys its copies of learner pages by them, so a copy is never
served after anything it shows has changed. The table is tiny and written with one statement.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FreshnessStamp(models.Model):
    name = models.CharField(_("scope"), max_length=64, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("freshness stamp")
        verbose_name_plural = _("freshness stamps")

    def __str__(self):
        return f"{self.name}: {self.token}"


class RateLimitCounter(models.Model):
    """A rate-limit counter kept in the database while the shared cache cannot be reached.

    :mod:`elearning.ratelimit` counts in the cache (Redis in production); when a cache call
    fails, the same key is counted here instead, with one statement, so a limit still holds
    across every worker and server during an outage. ``key`` is the digest of the limit's key.
    """

    key = models.CharField(_("key digest"), max_length=64, primary_key=True)
    count = models.PositiveIntegerField(_("events in this window"))
    resets_at = models.FloatField(_("window ends (Unix time)"))

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.key[:12]}: {self.count}"


class TaskFailureQuerySet(models.QuerySet):
    def waiting(self):
        """Last attempts nobody has retried or discarded yet: the "Failed tasks" page."""
        return self.filter(status=TaskFailure.Status.WAITING)


class TaskFailure(models.Model):
    """One failed run of a background task; the last one of a task is its dead letter.

    :mod:`elearning.task_queue` writes a row each time a task fails. On the database queue a
    failure before the ``TASK_MAX_ATTEMPTS``-th queues the task again after a growing delay
    (status "retrying", ``retry_task_result_id`` names the new run, whose own failure reads its
    attempt number from here). The last failure, or any failure where tasks run at once, waits
    on the admin's "Failed tasks" page, where a training manager retries it (queued again from
    its first attempt) or discards it; both are audited. ``arguments`` are the task's own: ids,
    never secrets.
    """

    class Status(models.TextChoices):
        RETRYING = "retrying", _("Will run again")
        WAITING = "waiting", _("Waiting for a decision")
        RETRIED = "retried", _("Queued again by hand")
        DISCARDED = "discarded", _("Discarded")

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    task_path = models.CharField(_("task"), max_length=255)
    arguments = models.JSONField(_("arguments"), default=dict)
    backend = models.CharField(_("task backend"), max_length=32)
    queue_name = models.CharField(_("queue"), max_length=32)
    task_result_id = models.CharField(_("failed run's id"), max_length=64, blank=True)
    retry_task_result_id = models.CharField(
        _("next run's id"), max_length=64, blank=True, db_index=True
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    error = models.CharField(_("error"), max_length=255)
    traceback = models.TextField(_("traceback"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TaskFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at"]
        indexes = [models.Index(fields=["status", "failed_at"], name="task_failure_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attempt__gte=1), name="task_failure_attempt_at_least_one"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["retrying", "waiting"])
                | models.Q(decided_at__isnull=False),
                name="task_failure_decision_has_a_date",
            ),
        ]
        permissions = [("manage_failed_tasks", _("Can see, retry and discard failed tasks"))]

    def __str__(self):
        return f"{self.task_name} ({self.failed_at:%Y-%m-%d %H:%M})"

    @property
    def task_name(self):
        return self.task_path.rsplit(".", 1)[-1]


class SpreadsheetExportQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Exports whose file may be deleted (``EXPORT_RETENTION_DAYS`` after the request)."""
        return self.filter(expires_at__lte=now or timezone.now())


class SpreadsheetExport(models.Model):
    """A manager's request for a spreadsheet of a report, and the file a task builds for it.

    Exporting every row of a report can take seconds (20,000 compliance rows), so the request
    only writes this row and queues :func:`elearning.export_tasks.build_spreadsheet_export`;
    the worker runs the report's own view with the same filters, as the manager, and keeps
    the file in private storage (:mod:`elearning.exports`). Only the manager who asked may
    download it, while they still hold ``permission``; the file and the row are deleted at
    ``expires_at`` (``manage.py purge_expired_exports``, daily).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("report"), max_length=200)
    path = models.CharField(_("report address"), max_length=500)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    export_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    permission = models.CharField(_("permission needed"), max_length=100, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"))

    objects = SpreadsheetExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreadsheet export")
        verbose_name_plural = _("spreadsheet exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="spreadsheet_export_expiry_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready")
                | (~models.Q(file="") & models.Q(finished_at__isnull=False)),
                name="spreadsheet_export_ready_has_a_file",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.export_format}, {self.created_at:%Y-%m-%d %H:%M})"
