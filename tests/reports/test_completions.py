"""Completions per month per module: the numbers, the SVG chart and the table."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from modules.models import Enrolment
from tests.factories import UserFactory

URL = reverse("training_reports:completions")
UTC = datetime.UTC


def complete(module, when, cycle=1):
    return Enrolment.objects.create(
        user=UserFactory(),
        module=module,
        module_title=module.title,
        cycle=cycle,
        started_at=when - datetime.timedelta(days=3),
        completed_at=when,
    )


@pytest.fixture
def completions(general_module, caseworker_module):
    complete(general_module, datetime.datetime(2025, 1, 15, 12, tzinfo=UTC))
    complete(general_module, datetime.datetime(2025, 1, 31, 12, tzinfo=UTC), cycle=2)
    complete(caseworker_module, datetime.datetime(2025, 3, 2, 9, tzinfo=UTC))
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time): April, out of range.
    complete(general_module, datetime.datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    # Started, not completed: not counted.
    Enrolment.objects.create(user=UserFactory(), module=general_module, module_title="x")
    return general_module, caseworker_module


RANGE = {"from_month": "2025-01-01", "to_month": "2025-03-20"}


def test_table_counts_completions_per_month_and_module(completions, client_for, manager):
    response = client_for(manager).get(URL, RANGE)
    table = response.context["completions"]
    assert table.months == [datetime.date(2025, m, 1) for m in (1, 2, 3)]
    counts = {series.title: series.counts for series in table.series}
    assert counts == {"Caseworker training": [0, 0, 1], "General awareness": [2, 0, 0]}
    assert table.month_totals == [2, 0, 1]


def test_page_draws_an_svg_chart_and_a_data_table(completions, client_for, manager):
    html = client_for(manager).get(URL, RANGE).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart"' in html
    assert 'role="img"' in html and "<title" in html
    assert "General awareness, January 2025: 2</title>" in html
    assert "<table" in html and '<th scope="row">January 2025</th>' in html
    # Patterns as well as colours tell the modules apart.
    assert 'fill="url(#pattern-1)"' in html and 'fill="url(#pattern-2)"' in html


def test_module_filter_keeps_one_module(completions, client_for, manager):
    general, _caseworker = completions
    response = client_for(manager).get(URL, {**RANGE, "module": general.pk})
    assert [s.title for s in response.context["completions"].series] == ["General awareness"]


def test_csv_export_has_one_row_per_month_and_module(completions, client_for, manager):
    response = client_for(manager).get(URL, {**RANGE, "export": "csv"}, follow=True)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 6
    assert {"Month": "2025-01", "Module": "General awareness", "Completions": "2"} in rows


def test_a_long_range_is_cut_to_three_years(completions, client_for, manager):
    response = client_for(manager).get(URL, {"from_month": "2015-01-01", "to_month": "2025-03-01"})
    assert len(response.context["completions"].months) == 36
    assert "last 36 months" in response.content.decode()


def test_default_range_is_the_last_twelve_months(general_module, client_for, manager):
    response = client_for(manager).get(URL)
    months = response.context["completions"].months
    assert len(months) == 12
    assert months[-1] == datetime.date.today().replace(day=1)


def test_chart_scale_ends_at_the_first_tick_above_the_highest_bar():
    from reports.completions import CompletionsTable, ModuleSeries, bar_chart

    months = [datetime.date(2025, m, 1) for m in (1, 2, 3)]
    table = CompletionsTable(months=months, series=[ModuleSeries(1, "General", [41, 0, 20])])
    chart = bar_chart(table)
    assert [tick.value for tick in chart.ticks] == [0, 20, 40, 60]
    plot_height = chart.plot_bottom - chart.plot_top
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == pytest.approx(plot_height * 41 / 60, abs=0.1)
    assert heights[1] == 0
    assert heights[2] == pytest.approx(plot_height / 3, abs=0.1)
