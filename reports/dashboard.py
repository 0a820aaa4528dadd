"""
The training manager's dashboard: compliance at a glance on the Wagtail admin home.

Three home panels (registered in :mod:`reports.wagtail_hooks`, shown only to people who may see
reports on learners, ``reports.view_learner_reports``):

*Compliance by module*
    for each live module, the share of the learners who should take it (its audience, counted as
    in :mod:`reports.compliance`) who are *currently trained*: a completion that has not expired,
    even if a refresher is under way or due soon;
*Overdue*
    learners whose newest completion has expired (the "overdue" of the expiry report), the
    longest overdue first, with the total and a link to the full list;
*Certificates expiring this month*
    current certificates of counted learners that expire between today and the month's end and
    that no certificate of a later cycle (a refresher done early) for the same module replaces.

The cost does not grow with learners: two queries per module (the counts, the first overdue
learners) and one for the certificates.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from certificates.models import Certificate
from learners.models import LearnerProfile
from reports.compliance import audience_profiles, report_modules, with_records

#: How many people each list names before pointing to the full report.
LIST_LENGTH = 10


@dataclass
class ModuleCompliance:
    module: object
    learners: int
    trained: int
    overdue: int

    @property
    def percent(self):
        """Whole percent currently trained; ``None`` when nobody should take the module."""
        return round(100 * self.trained / self.learners) if self.learners else None


@dataclass
class OverdueLearner:
    profile: LearnerProfile
    module_title: str
    expired_on: datetime.date


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def compliance_by_module(modules, *, today=None):
    """A :class:`ModuleCompliance` per module: one query each."""
    today = today or timezone.localdate()
    rows = []
    for module in modules:
        records = with_records(audience_profiles(module), module, today=today)
        counts = records.order_by().aggregate(
            learners=Count("id"),
            trained=Count(
                "id",
                filter=Q(record_last_completed_at__isnull=False)
                & (Q(record_current_until__isnull=True) | Q(record_current_until__gt=today)),
            ),
            overdue=Count("id", filter=Q(record_current_until__lte=today)),
        )
        rows.append(ModuleCompliance(module=module, **counts))
    return rows


def overdue_learners(modules, *, today=None, limit=LIST_LENGTH):
    """Up to ``limit`` overdue learners over every module, the longest overdue first."""
    today = today or timezone.localdate()
    found = []
    for module in modules:
        records = (
            with_records(audience_profiles(module), module, today=today)
            .filter(record_current_until__lte=today)
            .select_related("user")
            .order_by("record_current_until", "user_id")[:limit]
        )
        found += [
            OverdueLearner(profile, module.title, profile.record_current_until)
            for profile in records
        ]
    found.sort(key=lambda row: (row.expired_on, row.profile.name))
    return found[:limit]


def certificates_expiring_this_month(*, today=None):
    """Current certificates of counted learners expiring from today to the month's end.

    Returns ``(first certificates, how many in all)``: two queries.
    """
    today = today or timezone.localdate()
    renewed = Certificate.objects.filter(
        user_id=OuterRef("user_id"),
        module_id=OuterRef("module_id"),
        cycle__gt=OuterRef("cycle"),
        revoked_at__isnull=True,
    )
    certificates = (
        Certificate.objects.current(today)
        .filter(
            expires_on__lte=month_end(today),
            user_id__in=LearnerProfile.objects.counted().values("user_id"),
        )
        .exclude(Exists(renewed))
        .order_by("expires_on", "learner_name")
    )
    return list(certificates[:LIST_LENGTH]), certificates.count()


def dashboard(*, today=None):
    """Everything the three panels show, read once per home page."""
    today = today or timezone.localdate()
    modules = report_modules()
    compliance = compliance_by_module(modules, today=today)
    expiring, expiring_count = certificates_expiring_this_month(today=today)
    return {
        "today": today,
        "month_end": month_end(today),
        "compliance": compliance,
        "overdue": overdue_learners(modules, today=today),
        "overdue_count": sum(row.overdue for row in compliance),
        "expiring": expiring,
        "expiring_count": expiring_count,
    }
