"""
A training manager in a real browser finds a failed email under Reports → Failed tasks, reads
its error and queues it again with the keyboard; the page passes axe on a desktop and a phone.
"""

import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import SCREENSHOTS, STAFF_VARIANTS
from tests.e2e.learner import click_and_wait, sign_in
from tests.e2e.test_manager_journey import open_reports_menu

pytestmark = pytest.mark.e2e


def add_failed_email(site):
    """A test email whose fifth attempt failed, as the worker would leave it."""
    with sqlite3.connect(site.database_path, timeout=20) as connection:
        connection.execute(
            "INSERT INTO elearning_taskfailure (uuid, task_path, arguments, backend, queue_name,"
            " task_result_id, retry_task_result_id, attempt, error, traceback, failed_at, status)"
            " VALUES (?, 'elearning.emails.send_test_email', ?, 'default', 'default', '', '', 5,"
            " 'smtplib.SMTPServerDisconnected', 'Traceback: the mail server went away',"
            " '2026-12-06 08:00:00', 'waiting')",
            (uuid.uuid4().hex, '{"args": ["learner@example.org"], "kwargs": {}}'),
        )


@pytest.mark.parametrize("variant", STAFF_VARIANTS)
def test_manager_retries_a_failed_email(site, new_context, variant):
    add_failed_email(site)
    page = new_context(variant).new_page()
    sign_in(page, site, "manager")
    page.goto(site.url("/admin/"))
    open_reports_menu(page)
    click_and_wait(page, page.get_by_role("link", name="Failed tasks"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Failed tasks")
    expect(page.get_by_role("region", name="send_test_email")).to_contain_text(
        "smtplib.SMTPServerDisconnected"
    )
    page.get_by_text("Traceback", exact=True).click()
    expect(page.get_by_text("the mail server went away")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"failed tasks ({variant}).png", full_page=True)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # Nothing wider than the screen (a phone is 360 px wide).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    retry = page.get_by_role("button", name="Retry send_test_email")
    retry.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("send_test_email has been queued again.")).to_be_visible()
    expect(page.get_by_text("No failed tasks are waiting.")).to_be_visible()
    [row] = site.query("SELECT status FROM elearning_taskfailure")
    assert row["status"] == "retried"
    [entry] = site.query(
        "SELECT user_id FROM wagtailcore_modellogentry WHERE action = 'protect.retry_task'"
    )
    assert entry["user_id"] is not None
