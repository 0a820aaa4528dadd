"""
Completions per month per module, as a table and as a bar chart drawn on the server.

A completion is an enrolment (one cycle of one module) with ``completed_at``: a refresher cycle
completed counts as a completion in its month. Months are calendar months in the site's time
zone. The counting is one grouped query (month x module); :func:`bar_chart` lays the numbers
out as an SVG bar chart (grouped bars, one group per month) that needs no JavaScript. Each
module's bars carry a different fill pattern as well as a colour, every bar has its number
written above it and a ``<title>``, and the same numbers are always shown as a table, so no
information depends on colour or on seeing the chart.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from modules.models import Enrolment, TrainingModulePage

#: Fill patterns (defined in the chart template) and colours, cycled over modules.
SERIES_STYLES = [
    ("solid", "#1d4f91"),
    ("diagonal", "#b3261e"),
    ("dots", "#00695c"),
    ("cross", "#6a1b9a"),
    ("horizontal", "#8a5a00"),
    ("vertical", "#37474f"),
]


def month_start(day):
    return day.replace(day=1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    """Every month from ``first`` to ``last`` inclusive (first days of months)."""
    months, month = [], month_start(first)
    while month <= month_start(last):
        months.append(month)
        month = add_months(month, 1)
    return months


def default_range(today=None):
    """The last twelve months, this one included."""
    today = today or timezone.localdate()
    last = month_start(today)
    return add_months(last, -11), last


@dataclass
class ModuleSeries:
    """One module's completions, one number per month of the table."""

    module_id: int | None
    title: str
    counts: list
    pattern: str = "solid"
    colour: str = "#1d4f91"
    #: 1, 2, ... in the order shown: names the series' fill pattern in the chart.
    number: int = 1

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class CompletionsTable:
    months: list
    series: list = field(default_factory=list)

    @property
    def month_totals(self):
        return [sum(s.counts[i] for s in self.series) for i in range(len(self.months))]

    @property
    def total(self):
        return sum(self.month_totals)

    def rows(self):
        """(month, [count per module], total) per month, for the table."""
        return [
            (month, [s.counts[i] for s in self.series], self.month_totals[i])
            for i, month in enumerate(self.months)
        ]

    def long_rows(self):
        """One :class:`CompletionCount` per month and module, for spreadsheets."""
        return [
            CompletionCount(month=month, module=series.title, completions=series.counts[i])
            for i, month in enumerate(self.months)
            for series in self.series
        ]


@dataclass
class CompletionCount:
    month: datetime.date
    module: str
    completions: int

    @property
    def month_label(self):
        return self.month.strftime("%Y-%m")


def completions_table(enrolments, *, first_month, last_month):
    """Count completions in ``enrolments`` (a queryset) per month and module.

    Every live module appears, with zeros where nobody completed it; a deleted module appears
    under the title learners completed it with, if it has completions in the range.
    """
    months = months_between(first_month, last_month)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(months[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(add_months(months[-1], 1), datetime.time.min, tzinfo=tz)
    rows = (
        enrolments.order_by()
        .filter(completed_at__gte=start, completed_at__lt=end)
        .annotate(month=TruncMonth("completed_at", tzinfo=tz))
        .values("month", "module_id", "module_title")
        .annotate(completions=Count("id"))
    )
    index = {month: i for i, month in enumerate(months)}
    by_module = {}
    live_titles = dict(TrainingModulePage.objects.live().values_list("id", "title"))
    for module_id, title in sorted(live_titles.items(), key=lambda item: item[1]):
        by_module[module_id] = ModuleSeries(module_id, title, [0] * len(months))
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        key = row["module_id"] if row["module_id"] in live_titles else row["module_title"]
        series = by_module.setdefault(
            key, ModuleSeries(row["module_id"], row["module_title"], [0] * len(months))
        )
        series.counts[index[month_start(month)]] += row["completions"]
    table = CompletionsTable(months=months, series=list(by_module.values()))
    for number, series in enumerate(table.series):
        series.pattern, series.colour = SERIES_STYLES[number % len(SERIES_STYLES)]
        series.number = number + 1
    return table


def restrict_to_module(table, module_id):
    """Keep only one module's series (the report's module filter)."""
    table.series = [s for s in table.series if s.module_id == module_id]
    return table


# The chart ----------------------------------------------------------------------------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: ModuleSeries
    month: datetime.date

    @property
    def label_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self):
        return self.y - 4


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    bars: list
    ticks: list
    month_labels: list
    series: list


TICK_COUNT = 4


def tick_step(value):
    """The smallest of 1, 2, 5 x 10^n such that at most four steps of it reach ``value``."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * TICK_COUNT >= value:
                return step * magnitude
        magnitude *= 10


def bar_chart(table, *, width=760, height=320):
    """Lay out ``table`` as grouped bars: one group per month, one bar per module."""
    left, right, top, bottom = 48, width - 12, 24, height - 48
    series = table.series
    months = table.months
    highest = max([c for s in series for c in s.counts], default=0)
    step = tick_step(highest)
    steps = max(1, -(-highest // step))  # ceiling: the axis ends at the first tick above
    top_value = step * steps
    plot_height = bottom - top
    group_width = (right - left) / max(len(months), 1)
    bar_width = max(2.0, (group_width * 0.8) / max(len(series), 1))
    bars, month_labels = [], []
    for i, month in enumerate(months):
        group_left = left + i * group_width + group_width * 0.1
        month_labels.append((round(left + (i + 0.5) * group_width, 1), month))
        for j, one in enumerate(series):
            value = one.counts[i]
            bar_height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=round(group_left + j * bar_width, 1),
                    y=round(bottom - bar_height, 1),
                    width=round(bar_width - 1, 1),
                    height=round(bar_height, 1),
                    value=value,
                    series=one,
                    month=month,
                )
            )
    ticks = [
        Tick(value=step * n, y=round(bottom - plot_height * n / steps, 1)) for n in range(steps + 1)
    ]
    return BarChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        bars=bars,
        ticks=ticks,
        month_labels=month_labels,
        series=series,
    )


def completed_enrolments():
    """Completed cycles, less those of learners a manager excluded from the report counts."""
    return Enrolment.objects.completed().exclude(
        user__learner_profile__excluded_from_reports_at__isnull=False
    )
