"""
A trainer previews content in the Wagtail admin: the side panel shows the lesson as a learner
would see it (the preview is framed by the admin, so its response must allow same-origin
framing), and so does the preview opened in a new tab.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import sign_in

pytestmark = pytest.mark.e2e


def first_lesson(site):
    rows = site.query(
        "SELECT p.id, p.title FROM wagtailcore_page p JOIN modules_lessonpage l "
        "ON l.page_ptr_id = p.id WHERE p.url_path LIKE ? ORDER BY p.path LIMIT 1",
        "%/general-awareness/%",
    )
    return rows[0]["id"], rows[0]["title"]


def test_trainer_sees_a_lesson_in_the_preview_panel(site, new_context):
    page = new_context("desktop").new_page()
    sign_in(page, site, "trainer")
    lesson_id, title = first_lesson(site)
    page.goto(site.url(f"/admin/pages/{lesson_id}/edit/"))
    page.get_by_role("button", name=re.compile("preview", re.I)).first.click()
    # Wagtail loads each preview in a second iframe, then swaps it for the first.
    frame = page.frame_locator("iframe[title='Preview']").last
    heading = frame.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-lesson-preview-1280.png")
