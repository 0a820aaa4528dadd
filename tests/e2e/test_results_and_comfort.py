"""
Results that teach, scenarios on a phone, screen readers and comfort, in a real browser.

A volunteer fails the general awareness quiz, then passes it. On the way the test checks that
each answer group is named by its question, that a wrong ordering answer is announced and tied
to its fields, and that a scenario stage shows its choices on a 360 x 740 screen quickly. The
result page (outcome first, answers folded) and the pass page (certificate card with the check
link) are measured, checked by axe at 360 and 1280 px, in light and dark mode, and saved as
screenshots for a person to look at. Heights are printed (``-s``) for the report.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.e2e.learner import (
    answer_question,
    click_and_wait,
    complete_lessons,
    current_question,
    sign_in,
    take_quiz,
)

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_QUIZ = "/general-awareness/quiz/"


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"results-{name}.png", full_page=True)


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def assert_no_axe_violations(page, where):
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


def check_question_page(page, number, snapshot, measures):
    """Each answer group's accessible name includes the question (or the stage) it answers."""
    groups = page.locator("form.question fieldset.answer")
    for index in range(groups.count()):
        group = groups.nth(index)
        labelled_by = group.get_attribute("aria-labelledby") or ""
        assert labelled_by, f"question {number}: answer group without aria-labelledby"
        first = page.locator(f"#{labelled_by.split()[0]}").inner_text().strip()
        expect(page.get_by_role("group", name=re.compile(re.escape(first[:40])))).to_have_count(1)
    if snapshot["type"] == "scenario" and "choices" not in measures:
        # A stage on a phone: the skip link leads straight to the choices.
        skip = page.get_by_role("link", name="Go to the choices")
        expect(skip).to_be_visible()
        options_top = page.locator("#choices fieldset.answer").first.bounding_box()["y"]
        measures["choices"] = options_top
        skip.click()
        expect(page.locator("#choices")).to_be_focused()
        first_option = page.locator("#choices input").first.bounding_box()
        assert 0 <= first_option["y"] < PHONE["height"], "the choices are not on screen"
        shoot(page, "phone-scenario-stage")


def test_result_and_pass_pages_on_a_phone(site, new_context):
    page = new_context("phone", bypass_csp=True).new_page()
    sign_in(page, site, "volunteer")
    complete_lessons(page, site, GENERAL)

    measures = {}
    take_quiz(
        page,
        site,
        GENERAL_QUIZ,
        correctly=False,
        on_question=lambda p, n, s: check_question_page(p, n, s, measures),
    )
    # The result leads with the outcome, the score and the lessons to revisit.
    expect(page.get_by_role("heading", level=1)).to_have_text("Not passed this time")
    expect(page.get_by_role("heading", name="What to revisit")).to_be_visible()
    revisit = page.locator("section.revisit a")
    assert revisit.count() >= 1
    top_of_answers = page.get_by_role("heading", name="Your answers").bounding_box()["y"]
    # Every answer is folded, marked in words.
    details = page.locator(".review-item details")
    assert details.count() == 25
    expect(page.locator(".review-item details[open]")).to_have_count(0)
    expect(page.locator(".review-item__title").first).to_contain_text(
        re.compile(r": (not right|partly right|critical error|not scored)$")
    )
    height = page_height(page)
    print(
        f"\nresult page at 360 px: {height} px; answers start at {top_of_answers:.0f} px; "
        f"first scenario choices at {measures.get('choices', 0):.0f} px"
    )
    assert height < 6000, f"the result page is {height} px long at 360 px"
    assert_no_axe_violations(page, "result page, phone")
    shoot(page, "phone-result-failed")
    # A folded answer opens from the keyboard.
    page.locator(".review-item summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".review-item details").first).to_have_attribute("open", "")
    assert_no_axe_violations(page, "result page with an answer open, phone")

    # An ordering error is announced and reachable from its fields.
    page.goto(site.url(GENERAL_QUIZ))
    click_and_wait(page, page.get_by_role("button", name="Try again"))
    for _ in range(30):
        number, snapshot = current_question(page, site)
        if snapshot["type"] == "ordering":
            break
        if snapshot["type"] == "scenario":
            break
        answer_question(page, snapshot, correctly=True)
        click_and_wait(page, page.get_by_role("button", name="Save and continue"))
    if snapshot["type"] == "ordering":
        selects = page.locator("form.question select")
        for index in range(selects.count()):
            selects.nth(index).select_option("1")
        click_and_wait(page, page.get_by_role("button", name="Save and continue"))
        expect(page).to_have_title(re.compile(r"^Error: "))
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Give each step a different position.")
        for index in range(selects.count()):
            select = selects.nth(index)
            expect(select).to_have_attribute("aria-invalid", "true")
            described = select.get_attribute("aria-describedby")
            expect(page.locator(f"#{described}")).to_contain_text("different position")


def test_pass_page_certificate_and_dark_mode_on_a_laptop(site, new_context):
    context = new_context("desktop", bypass_csp=True)
    page = context.new_page()
    sign_in(page, site, "volunteer")
    complete_lessons(page, site, GENERAL)
    take_quiz(page, site, GENERAL_QUIZ, correctly=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("You passed")
    card = page.locator("section.certificate-panel")
    expect(card.get_by_role("link", name=re.compile(r"^Download PDF"))).to_be_visible()
    share = card.get_by_label("Share the check link")
    expect(share).to_have_attribute("readonly", "")
    assert re.search(r"/certificates/verify/[A-Za-z0-9_-]+/$", share.input_value())
    copy = card.get_by_role("button", name="Copy the link")
    expect(copy).to_be_visible()  # JavaScript runs here, so the copy button is shown
    expect(card.locator(".status")).to_contain_text("Valid")
    print(f"\npass page at 1280 px: {page_height(page)} px")
    assert_no_axe_violations(page, "pass page, desktop")
    shoot(page, "desktop-passed")

    # The check link opens the public page, which names the pathways by date.
    check = context.new_page()
    check.goto(share.input_value())
    expect(check.get_by_text(re.compile(r"\(published \d{1,2} \w+ \d{4}\)"))).to_be_visible()

    # Dark mode follows the device; axe checks contrast there too.
    page.emulate_media(color_scheme="dark")
    assert_no_axe_violations(page, "pass page, desktop, dark")
    shoot(page, "desktop-passed-dark")
    page.set_viewport_size(PHONE)
    assert_no_axe_violations(page, "pass page, phone, dark")
    shoot(page, "phone-passed-dark")
    page.set_viewport_size(DESKTOP)

    # Text enlarged to 200%: nothing is cut off sideways.
    page.emulate_media(color_scheme="light")
    page.add_style_tag(content="html { font-size: 200% !important; }")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"at 200% text the page scrolls sideways by {overflow} px"
    shoot(page, "desktop-passed-text-200")

    # The icon is ours and answers.
    assert page.request.get(site.url("/favicon.ico")).status == 200
