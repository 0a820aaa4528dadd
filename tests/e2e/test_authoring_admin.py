"""
A trainer's admin in a real browser (issue 20): the question form and the lesson editor.

The trainer opens a question of the default bank, finds an indicator with the picker's search
and chooses it with a click, adds an "All of the above" option and saves: the form comes back
with the quality warning beside the options. axe checks the question and lesson edit pages
(WCAG A and AA, as the learner pages), and screenshots at 1280 and 768 px go to screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import DESKTOP, SCREENSHOTS
from tests.e2e.learner import click_and_wait, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 768, "height": 1024}


def single_choice_question_id(site):
    rows = site.query(
        "SELECT q.id FROM quizzes_question q JOIN django_content_type ct "
        "ON ct.id = q.polymorphic_ctype_id WHERE ct.model = 'singlechoicequestion' "
        "ORDER BY q.id LIMIT 1"
    )
    return rows[0]["id"]


def lesson_with_key_points_and_case_study(site):
    rows = site.query(
        "SELECT p.id FROM wagtailcore_page p JOIN modules_lessonpage l ON l.page_ptr_id = p.id "
        "WHERE l.body LIKE '%\"case_study\"%' AND l.body LIKE '%\"key_points\"%' "
        "ORDER BY p.path LIMIT 1"
    )
    return rows[0]["id"]


def screenshots(page, name, focus):
    """The page at 1280 px and at 768 px wide, scrolled to ``focus`` (the admin scrolls inside
    its own container, so a full-page shot would show only the top)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("1280", DESKTOP), ("768", TABLET)):
        page.set_viewport_size(viewport)
        focus.scroll_into_view_if_needed()
        focus.evaluate("element => element.scrollIntoView({block: 'center'})")
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png")
    page.set_viewport_size(DESKTOP)


def no_violations(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_trainer_picks_an_indicator_and_sees_a_quality_warning_at_the_field(site, new_context):
    page = new_context("desktop", bypass_csp=True).new_page()
    sign_in(page, site, "trainer")
    question_id = single_choice_question_id(site)
    edit_url = site.url(f"/admin/question-bank/singlechoicequestion/edit/{question_id}/")
    page.goto(edit_url)

    # The technical key is out of the way until asked for.
    key = page.locator("input[name=key]")
    expect(key).to_be_hidden()
    page.get_by_text("Show technical key").click()
    expect(key).to_be_visible()
    expect(key).not_to_have_value("")

    # The indicator picker: search, then one click chooses a sign.
    picker = page.locator("[data-indicator-picker]")
    search = picker.get_by_label("Find a sign")
    search.fill("passport")
    visible = picker.locator("option:not([hidden])")
    expect(visible.first).to_be_visible()
    hidden_count = picker.locator("option[hidden]").count()
    assert hidden_count > 0, "the search hides the signs that do not match"
    chosen_before = int(picker.locator("[data-indicator-picker-count]").inner_text())
    option = visible.first
    sign = option.inner_text().strip()
    was_selected = option.evaluate("o => o.selected")
    option.click()
    expected = chosen_before - 1 if was_selected else chosen_before + 1
    expect(picker.locator("[data-indicator-picker-count]")).to_have_text(str(expected))
    if not was_selected:
        expect(picker.locator("[data-indicator-picker-chosen]")).to_contain_text(sign)

    # An option about the other options: the quality check warns beside the options.
    total = int(page.locator("#id_options-TOTAL_FORMS").input_value())
    page.get_by_role("button", name="Add Option").click()
    page.locator(f"[name=options-{total}-text]").fill("All of the above")
    page.locator(f"[name=options-{total}-feedback]").fill("No: only one of these is right.")
    click_and_wait(page, page.locator("footer").get_by_role("button", name="Save"))

    expect(page).to_have_url(re.compile(rf"/edit/{question_id}/$"))
    warning = page.locator("#quality-warnings-options")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("All of the above")
    expect(page.locator(".quality-summary a[href='#quality-warnings-options']")).to_be_visible()
    if not was_selected:
        expect(picker.locator("[data-indicator-picker-chosen]")).to_contain_text(sign)
    no_violations(page)
    screenshots(page, "admin-question-form", warning)


def test_lesson_edit_page_has_no_accessibility_violations(site, new_context):
    page = new_context("desktop", bypass_csp=True).new_page()
    sign_in(page, site, "trainer")
    lesson_id = lesson_with_key_points_and_case_study(site)
    page.goto(site.url(f"/admin/pages/{lesson_id}/edit/"))
    key_point = page.locator("[aria-label='Key point']").first
    expect(key_point).to_be_attached()
    expect(page.locator("[aria-label='Question to reflect on']").first).to_be_attached()
    no_violations(page)
    screenshots(page, "admin-lesson-editor", key_point)
