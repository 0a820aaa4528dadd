"""
A training manager's admin in a real browser, at 1280 and 768 pixels wide: the home panels
(compliance by module, overdue, expiring this month), the Learners listing with each module's
status and a filter, the compliance report and its CSV export, the completions chart, and the
compliance report as printed. axe finds no WCAG 2.2 A/AA violation in what these pages add to
the admin; each page is saved in ``screenshots/manager-*``.

The site is seeded with made-up learners (``seed_load_data``) so the panels and reports have
something to show.
"""

import csv
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import click_and_wait, sign_in
from tests.e2e.site import REPO_ROOT, LiveSite, _environment

pytestmark = pytest.mark.e2e

WIDTHS = {"1280": {"width": 1280, "height": 900}, "768": {"width": 768, "height": 1024}}
SEEDED_LEARNERS = 80


@pytest.fixture(scope="module")
def seeded_site(template_database, tmp_path_factory):
    live = LiveSite(template_database, tmp_path_factory.mktemp("e2e-manager"))
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "seed_load_data",
            f"--learners={SEEDED_LEARNERS}",
            "--i-know-this-is-not-production",
        ],
        cwd=REPO_ROOT,
        env=_environment(live.database_path, live.media_root),
        check=True,
        capture_output=True,
        timeout=600,
    )
    live.start()
    yield live
    live.stop()


def screenshot(page, name, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"manager-{name}-{width}.png", full_page=True)


def check_axe(page, where):
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def open_reports_menu(page):
    toggle = page.get_by_role("button", name="Toggle sidebar")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.get_by_role("button", name="Reports").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_manager_walks_through_dashboard_learners_and_compliance(
    seeded_site, new_context, width, tmp_path
):
    site = seeded_site
    page = new_context("desktop", viewport=WIDTHS[width]).new_page()
    sign_in(page, site, "manager")

    # The home page: compliance at a glance.
    page.goto(site.url("/admin/"))
    compliance = page.locator("#training-compliance-section")
    expect(page.get_by_role("heading", name="Compliance by module")).to_be_visible()
    expect(compliance).to_contain_text("General awareness")
    expect(compliance).to_contain_text("%")
    expect(page.get_by_role("heading", name="Overdue")).to_be_visible()
    expect(page.get_by_role("heading", name="Certificates expiring this month")).to_be_visible()
    screenshot(page, "home", width)
    check_axe(page, "admin home")

    # The Learners listing, filtered to those in progress in general awareness.
    page.goto(site.url("/admin/learners/"))
    expect(page.get_by_role("columnheader", name=re.compile("General awareness"))).to_be_visible()
    [module_id] = site.query(
        "SELECT page_ptr_id FROM modules_trainingmodulepage m "
        "JOIN wagtailcore_page p ON p.id = m.page_ptr_id "
        "JOIN wagtailcore_locale l ON l.id = p.locale_id "  # not its Welsh translation
        "WHERE p.slug = 'general-awareness' AND l.language_code = 'en-gb'"
    )
    page.goto(site.url(f"/admin/learners/?module={module_id[0]}&training_status=in_progress"))
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("In progress")
    screenshot(page, "learners", width)
    check_axe(page, "learners listing")

    # The compliance report, reached through the menu, and its CSV export.
    page.goto(site.url("/admin/"))
    open_reports_menu(page)
    click_and_wait(page, page.get_by_role("link", name="Compliance", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance")
    table = page.locator("table.report-table")
    expect(table).to_be_visible()
    # The table uses the admin's width: its box is the content area less its padding (5rem
    # each side from 800 px up), not a narrow box that scrolls.
    scroll = page.locator(".report-scroll").first
    content_width = page.locator("main .content").evaluate("el => el.clientWidth")
    assert scroll.evaluate("el => el.clientWidth") >= content_width - 2 * 80 - 2
    screenshot(page, "compliance", width)
    check_axe(page, "compliance report")

    # The downloads are buttons in the header, not in a "..." menu.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download CSV", re.I)).first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) >= SEEDED_LEARNERS
    assert {"Learner", "Module", "Status", "Current until"} <= set(exported[0])

    # On paper (A4 landscape less 12 mm margins: about 1030 CSS px wide, whatever the screen):
    # no admin chrome, the whole table, nothing cut at the side.
    page.set_viewport_size({"width": 1030, "height": 720})
    page.emulate_media(media="print")
    assert page.locator("#wagtail-sidebar").evaluate("el => getComputedStyle(el).display") == (
        "none"
    )
    assert scroll.evaluate("el => getComputedStyle(el).overflowX") == "visible"
    assert table.evaluate("el => el.getBoundingClientRect().right <= window.innerWidth + 1")
    page.screenshot(path=SCREENSHOTS / f"manager-compliance-print-{width}.png", full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size(WIDTHS[width])

    # The completions chart at a readable size.
    page.goto(site.url("/admin/training-reports/completions/"))
    chart = page.locator("svg.report-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] >= min(600, WIDTHS[width]["width"] - 300), box
    screenshot(page, "completions", width)
    check_axe(page, "completions report")
