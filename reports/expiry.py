"""
Overdue and expiring training, by region: where to send reminders and plan refresher sessions.

For each region and module, over the learners who should take the module (see
:mod:`reports.compliance`):

*overdue*
    the newest completion has expired (its ``valid_until`` has come), even if a refresher is
    under way: until the refresher is completed the learner is not currently trained;
*expiring within 30, 60 and 90 days*
    the newest completion is current but expires within that many days (the bands include one
    another: "within 60 days" counts those within 30 too);
*never completed*
    no completion in any cycle.

One grouped query per module, whatever the number of learners.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.compliance import audience_profiles, with_records

WINDOWS = (30, 60, 90)


@dataclass
class RegionExpiry:
    region: str
    module_title: str
    learners: int
    overdue: int
    within_30: int
    within_60: int
    within_90: int
    never_completed: int

    @property
    def region_label(self):
        return self.region or _("(no region)")

    @property
    def current(self):
        return self.learners - self.overdue - self.never_completed

    @property
    def overdue_percent(self):
        return round(100 * self.overdue / self.learners, 1) if self.learners else None


def expiry_by_region(modules, *, profiles=None, today=None):
    """:class:`RegionExpiry` rows, by region then module title."""
    today = today or timezone.localdate()
    rows = []
    for module in modules:
        records = with_records(audience_profiles(module, profiles), module, today=today)
        counters = {
            "learners": Count("id"),
            "overdue": Count("id", filter=Q(record_current_until__lte=today)),
            "never_completed": Count("id", filter=Q(record_last_completed_at__isnull=True)),
        }
        for days in WINDOWS:
            counters[f"within_{days}"] = Count(
                "id",
                filter=Q(
                    record_current_until__gt=today,
                    record_current_until__lte=today + datetime.timedelta(days=days),
                ),
            )
        grouped = records.order_by().values("region").annotate(**counters)
        rows += [RegionExpiry(module_title=module.title, **row) for row in grouped]
    return sorted(rows, key=lambda row: (row.region.lower(), row.module_title))


def totals(rows):
    """The sum of ``rows`` as one :class:`RegionExpiry` ("all regions")."""
    fields = ("learners", "overdue", "within_30", "within_60", "within_90", "never_completed")
    return RegionExpiry(
        region=_("All regions"),
        module_title="",
        **{name: sum(getattr(row, name) for row in rows) for name in fields},
    )
