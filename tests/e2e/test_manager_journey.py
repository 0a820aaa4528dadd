"""
A training manager in a real browser: after a volunteer completes the general module, the
manager opens the compliance report in the admin and exports it as CSV. On a desktop and on a
phone (the admin needs JavaScript).
"""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_VARIANTS
from tests.e2e.learner import click_and_wait, complete_lessons, sign_in, take_quiz

pytestmark = pytest.mark.e2e

GENERAL_TITLE = "General awareness: recognising and responding to trafficking"


def open_reports_menu(page):
    toggle = page.get_by_role("button", name="Toggle sidebar")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.get_by_role("button", name="Reports").click()


@pytest.mark.parametrize("variant", STAFF_VARIANTS)
def test_manager_exports_the_compliance_report(site, new_context, variant, tmp_path):
    learner = new_context("desktop").new_page()
    sign_in(learner, site, "volunteer")
    complete_lessons(learner, site, "/general-awareness/")
    take_quiz(learner, site, "/general-awareness/quiz/", correctly=True)
    [certificate] = site.query("SELECT short_code FROM certificates_certificate")

    page = new_context(variant).new_page()
    sign_in(page, site, "manager")
    page.goto(site.url("/admin/"))
    open_reports_menu(page)
    click_and_wait(page, page.get_by_role("link", name="Compliance", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance")
    table = page.locator("table").first
    expect(table).to_contain_text("Val Volunteer")

    # The export is a button in the header, in plain sight (not in the "..." menu).
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download CSV", re.I)).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert re.fullmatch(r"compliance-\d{4}-\d{2}-\d{2}\.csv", path.name)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_learner = {(row["Username"], row["Module"]): row for row in rows}
    done = by_learner[("volunteer", GENERAL_TITLE)]
    assert done["Status"] == "Completed"
    assert done["Best score (%)"].startswith("100")
    assert done["Certificate"] == certificate["short_code"]
    assert done["Completed"]
    waiting = by_learner[("caseworker", GENERAL_TITLE)]
    assert waiting["Status"] != "Completed"
    assert not waiting["Completed"]
