"""
How long a completion stays current, and when a refresher is due.

A module's ``certificate_validity_months`` says how long a completion counts: a learner who
completes a module with twelve months' validity on 15 March 2026 is current until 15 March 2027
(``valid_until``), and on that day the completion has *expired*. From
``settings.REFRESHER_DUE_WINDOW_DAYS`` days before (30 by default) a refresher is *due*, so that
people can refresh before they lapse; trainers can also ask for a refresher sooner (after a
significant change to the referral pathway, say). A module without a validity never expires.

Months are calendar months: 31 January plus one month is 28 (or 29) February, the last day that
exists, never a day in March.
"""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


def add_months(day, months):
    """``day`` moved forward by ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def valid_until_for(module, completed_at):
    """The day a completion of ``module`` at ``completed_at`` expires (None: never)."""
    months = module.certificate_validity_months
    if not months:
        return None
    return add_months(timezone.localdate(completed_at), months)


def refresher_window_days():
    return getattr(settings, "REFRESHER_DUE_WINDOW_DAYS", 30)


def today():
    return timezone.localdate()


def is_expired(valid_until, on=None):
    return valid_until is not None and (on or today()) >= valid_until


def is_refresher_due(valid_until, on=None):
    """True from the start of the window before ``valid_until`` (expired included)."""
    if valid_until is None:
        return False
    return (on or today()) >= valid_until - datetime.timedelta(days=refresher_window_days())
