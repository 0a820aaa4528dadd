"""
Compliance: every learner who should take a module, and where they stand in it.

A *record* is one learner and one module. The learners are the active accounts (not
deactivated, not erased) in the module's audience groups, or every active account when the
audience is empty, as :mod:`modules.access` decides who may take it. Their status is the one the
learner sees on their dashboard (:class:`modules.overview.ModuleStatus`), worked out by the
database from their newest cycle (enrolment):

* *not started*: no enrolment;
* *in progress*: the newest cycle is not completed (a refresher under way included);
* *expired*: completed, and ``valid_until`` has come;
* *refresher due*: completed, and ``valid_until`` is within the refresher window
  (``settings.REFRESHER_DUE_WINDOW_DAYS``) or trainers asked for a refresher;
* *completed*: completed and current.

Everything a row shows comes from correlated subqueries on the learner's profile row: the
newest cycle's dates, the best submitted quiz score in it, and the newest certificate that was
not revoked. So a page of 50 records is one query, counting a module's records one more, and an
export streams records from one query per module without holding them in memory.

:mod:`reports.expiry` reuses these annotations to count overdue and expiring records by region.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import Enrolment, QuizPage, TrainingModulePage
from modules.overview import ModuleStatus
from modules.validity import refresher_window_days
from quizzes.models import AttemptStatus, QuizAttempt

#: The statuses a compliance record can have (a learner in the audience is never "locked" here:
#: a module locked behind a prerequisite is simply not started).
COMPLIANCE_STATUSES = [
    ModuleStatus.NOT_STARTED,
    ModuleStatus.IN_PROGRESS,
    ModuleStatus.COMPLETED,
    ModuleStatus.REFRESHER_DUE,
    ModuleStatus.EXPIRED,
]


def report_modules():
    """The live modules, with their audiences and quiz ids, in title order."""
    modules = list(TrainingModulePage.objects.live().prefetch_related("audience").order_by("title"))
    quiz_ids = {}
    for quiz_id, path in QuizPage.objects.values_list("id", "path"):
        quiz_ids.setdefault(path[: -QuizPage.steplen], []).append(quiz_id)
    for module in modules:
        module.report_quiz_ids = quiz_ids.get(module.path, [])
    return modules


def audience_profiles(module, profiles=None):
    """Active learners who should take ``module`` (``profiles`` narrows them, e.g. by region)."""
    profiles = LearnerProfile.objects.active() if profiles is None else profiles
    group_ids = [group.id for group in module.audience.all()]
    if group_ids:
        members = get_user_model().groups.through.objects.filter(group_id__in=group_ids)
        profiles = profiles.filter(user_id__in=members.values("user_id"))
    return profiles


def with_records(profiles, module, *, today=None):
    """Annotate each profile with its record in ``module`` (``record_*`` fields and status)."""
    today = today or timezone.localdate()
    newest = Enrolment.objects.filter(user_id=OuterRef("user_id"), module_id=module.id).order_by(
        "-cycle"
    )
    newest_completed = newest.filter(completed_at__isnull=False)
    profiles = profiles.annotate(
        record_cycle=Subquery(newest.values("cycle")[:1]),
        record_started_at=Subquery(newest.values("started_at")[:1]),
        record_completed_at=Subquery(newest.values("completed_at")[:1]),
        record_last_activity_at=Subquery(newest.values("last_activity_at")[:1]),
        record_refresher_requested_at=Subquery(newest.values("refresher_requested_at")[:1]),
        record_valid_until=Subquery(newest.values("valid_until")[:1]),
        # The newest completion, even while a refresher is under way: what counts as trained.
        record_last_completed_at=Subquery(newest_completed.values("completed_at")[:1]),
        record_current_until=Subquery(newest_completed.values("valid_until")[:1]),
    )
    due_from = today + datetime.timedelta(days=refresher_window_days())
    profiles = profiles.annotate(
        record_status=Case(
            When(record_started_at__isnull=True, then=Value(ModuleStatus.NOT_STARTED.value)),
            When(record_completed_at__isnull=True, then=Value(ModuleStatus.IN_PROGRESS.value)),
            When(record_valid_until__lte=today, then=Value(ModuleStatus.EXPIRED.value)),
            When(
                Q(record_refresher_requested_at__isnull=False)
                | Q(record_valid_until__lte=due_from),
                then=Value(ModuleStatus.REFRESHER_DUE.value),
            ),
            default=Value(ModuleStatus.COMPLETED.value),
            output_field=CharField(),
        )
    )
    return profiles


def with_details(profiles, module):
    """Add the best quiz score of the newest cycle and the newest valid certificate's code."""
    best = (
        QuizAttempt.objects.filter(
            user_id=OuterRef("user_id"),
            quiz_id__in=module.report_quiz_ids,
            status=AttemptStatus.SUBMITTED,
            cycle=OuterRef("record_cycle"),
        )
        .exclude(score__isnull=True)
        .order_by("-score")
    )
    certificate = Certificate.objects.filter(
        user_id=OuterRef("user_id"), module_id=module.id, revoked_at__isnull=True
    ).order_by("-issued_at")
    return profiles.annotate(
        record_best_score=Subquery(best.values("score")[:1]),
        record_certificate=Subquery(certificate.values("short_code")[:1]),
    )


def records(module, *, profiles=None, status=None, completed_from=None, completed_to=None):
    """The records of ``module``, filtered; profiles with their users, ready to list."""
    rows = with_records(audience_profiles(module, profiles), module)
    if status:
        rows = rows.filter(record_status=status)
    if completed_from:
        rows = rows.filter(record_last_completed_at__date__gte=completed_from)
    if completed_to:
        rows = rows.filter(record_last_completed_at__date__lte=completed_to)
    return rows


def status_counts(rows):
    """How many of ``rows`` (from :func:`records`) have each status: one query."""
    counts = rows.order_by().aggregate(
        **{
            status.value: Count("id", filter=Q(record_status=status.value))
            for status in COMPLIANCE_STATUSES
        }
    )
    return {ModuleStatus(key): value or 0 for key, value in counts.items()}


class ComplianceRow:
    """One record, as a report row and a spreadsheet line."""

    def __init__(self, module, profile):
        self.module = module
        self.profile = profile
        user = profile.user
        self.learner = profile.name
        self.username = user.get_username()
        self.email = user.email
        self.region = profile.region
        self.team = profile.team
        self.role = Role(profile.role).label if profile.role else ""
        self.module_title = module.title
        self.status = ModuleStatus(profile.record_status)
        self.status_label = self.status.label
        self.cycle = profile.record_cycle
        self.started_on = _local_date(profile.record_started_at)
        self.completed_on = _local_date(profile.record_last_completed_at)
        self.valid_until = profile.record_current_until
        self.last_activity_on = _local_date(profile.record_last_activity_at)
        score = profile.record_best_score
        self.best_score = None if score is None else round(float(score), 1)
        self.certificate = profile.record_certificate or ""

    @property
    def is_refresher(self):
        return bool(self.cycle and self.cycle > 1)


def _local_date(value):
    return timezone.localdate(value) if value else None


class ComplianceRecords:
    """Every record of several modules as one sliceable sequence, for paginating and exports.

    ``len()`` costs one count per module; a slice queries only the modules it spans, with
    ``LIMIT``/``OFFSET``; iterating streams each module's records in chunks.
    """

    ordering = ("region", "user__last_name", "user__first_name", "user_id")

    def __init__(self, parts):
        #: [(module, queryset of annotated profiles)]
        self.parts = [
            (module, with_details(rows, module).select_related("user").order_by(*self.ordering))
            for module, rows in parts
        ]
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = [rows.count() for _module, rows in self.parts]
        return self._counts

    def count(self):
        return sum(self.counts())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError(_("Compliance records are read by slices."))
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        found, offset = [], 0
        for (module, rows), size in zip(self.parts, self.counts(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found += [ComplianceRow(module, profile) for profile in rows[low:high]]
            offset += size
            if offset >= stop:
                break
        return found

    def __iter__(self):
        for module, rows in self.parts:
            for profile in rows.iterator(chunk_size=2000):
                yield ComplianceRow(module, profile)
