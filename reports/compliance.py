"""
Compliance: every learner who should take a module, and where they stand in it.

A *record* is one learner and one module. The learners are the active accounts (not
deactivated, not erased) in the module's audience groups, or every active account when the
audience is empty, as :mod:`modules.access` decides who may take it; less those a manager has
excluded from the counts (left, long-term leave: ``LearnerProfile.objects.counted()``), whom
:func:`excluded_count` counts so that a report can say how many it leaves out. Their status is
the one the learner sees on their dashboard (:class:`modules.overview.ModuleStatus`), worked
out by the database from their newest cycle (enrolment):

* *not started*: no enrolment;
* *in progress*: the newest cycle is not completed (a refresher under way included);
* *expired*: completed, and ``valid_until`` has come;
* *refresher due*: completed, and ``valid_until`` is within the refresher window
  (``settings.REFRESHER_DUE_WINDOW_DAYS``) or trainers asked for a refresher;
* *completed*: completed and current.

What a row shows comes from correlated subqueries on the learner's profile row (the newest
cycle's dates and status) and, for the rows of a page or an export chunk, one query each for
the best submitted quiz scores of their cycles and their newest certificates. So a page of 50
records costs three queries and counting a module's records one more; an export streams
records from one query per module (plus two per 2,000 records) without holding them in memory.

:mod:`reports.expiry` reuses these annotations to count overdue and expiring records by region.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Max,
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
from modules.translations import default_locale_id
from modules.validity import refresher_window_days
from quizzes.models import AttemptStatus, QuizAttempt

#: Records read at once when exporting: memory stays flat, queries grow by one per chunk.
EXPORT_CHUNK = 2000

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
    modules = list(
        TrainingModulePage.objects.live()
        # Records belong to the English (source) module: a translation is not a module of its own.
        .filter(locale_id=default_locale_id())
        .prefetch_related("audience")
        .order_by("title")
    )
    quiz_ids = {}
    for quiz_id, path in QuizPage.objects.values_list("id", "path"):
        quiz_ids.setdefault(path[: -QuizPage.steplen], []).append(quiz_id)
    for module in modules:
        module.report_quiz_ids = quiz_ids.get(module.path, [])
    return modules


def audience_profiles(module, profiles=None):
    """Counted learners who should take ``module`` (``profiles`` narrows them, e.g. by region)."""
    profiles = LearnerProfile.objects.counted() if profiles is None else profiles
    group_ids = [group.id for group in module.audience.all()]
    if group_ids:
        members = get_user_model().groups.through.objects.filter(group_id__in=group_ids)
        profiles = profiles.filter(user_id__in=members.values("user_id"))
    return profiles


def excluded_count(modules, profiles=None):
    """How many learners in the audiences of ``modules`` a manager excluded: one query.

    ``profiles`` narrows them as the report's filters do (region, role).
    """
    excluded = LearnerProfile.objects.excluded_from_reports()
    if profiles is not None:
        excluded = excluded.filter(pk__in=profiles.values("pk"))
    everyone = False
    group_ids = set()
    for module in modules:
        ids = [group.id for group in module.audience.all()]
        everyone = everyone or not ids
        group_ids.update(ids)
    if not modules:
        return 0
    if not everyone:
        members = get_user_model().groups.through.objects.filter(group_id__in=group_ids)
        excluded = excluded.filter(user_id__in=members.values("user_id"))
    return excluded.count()


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


def fill_details(rows):
    """Set ``best_score`` and ``certificate`` on ``rows`` (ComplianceRow objects): two queries.

    The best submitted quiz score of the row's cycle, and the short code of the newest
    certificate that was not revoked. They are looked up for the rows of a page (or an export
    chunk) only, never as subqueries of the rows' own query: those would run for every learner
    before the page is cut (and on SQLite an attempt's score sits behind its large frozen
    snapshot of questions).
    """
    if not rows:
        return
    certificates = (
        Certificate.objects.filter(
            user_id__in={row.profile.user_id for row in rows},
            module_id__in={row.module.id for row in rows},
            revoked_at__isnull=True,
        )
        .order_by("issued_at")
        .values_list("user_id", "module_id", "short_code")
    )
    newest = {(user_id, module_id): code for user_id, module_id, code in certificates}
    for row in rows:
        row.certificate = newest.get((row.profile.user_id, row.module.id), "")
    rows = [row for row in rows if row.cycle]
    if not rows:
        return
    module_of_quiz = {
        quiz_id: row.module.id for row in rows for quiz_id in row.module.report_quiz_ids
    }
    if not module_of_quiz:
        return
    best = {}
    scores = (
        QuizAttempt.objects.filter(
            user_id__in={row.profile.user_id for row in rows},
            quiz_id__in=module_of_quiz,
            status=AttemptStatus.SUBMITTED,
            score__isnull=False,
        )
        .order_by()
        .values("user_id", "quiz_id", "cycle")
        .annotate(best=Max("score"))
    )
    for score in scores:
        key = (score["user_id"], module_of_quiz[score["quiz_id"]], score["cycle"])
        best[key] = max(best.get(key, score["best"]), score["best"])
    for row in rows:
        value = best.get((row.profile.user_id, row.module.id, row.cycle))
        row.best_score = None if value is None else round(float(value), 1)


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
        #: Set by :func:`fill_details`, for a page or a chunk of rows at once.
        self.best_score = None
        self.certificate = ""

    @property
    def is_refresher(self):
        return bool(self.cycle and self.cycle > 1)


def _local_date(value):
    return timezone.localdate(value) if value else None


class ComplianceRecords:
    """Every record of several modules as one sliceable sequence, for paginating and exports.

    ``len()`` costs one count per module; a slice queries only the modules it spans, with
    ``LIMIT``/``OFFSET``, plus two for scores and certificates; iterating streams each module's
    records in chunks of ``EXPORT_CHUNK``, with those two queries per chunk.
    """

    ordering = ("region", "user__last_name", "user__first_name", "user_id")

    def __init__(self, parts):
        #: [(module, queryset of annotated profiles)]
        self.parts = [
            (module, rows.select_related("user").order_by(*self.ordering)) for module, rows in parts
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
        fill_details(found)
        return found

    def __iter__(self):
        for module, rows in self.parts:
            chunk = []
            for profile in rows.iterator(chunk_size=EXPORT_CHUNK):
                chunk.append(ComplianceRow(module, profile))
                if len(chunk) == EXPORT_CHUNK:
                    fill_details(chunk)
                    yield from chunk
                    chunk = []
            fill_details(chunk)
            yield from chunk
