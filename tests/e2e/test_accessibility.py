"""
Accessibility of the learner's main pages, checked in Chromium with axe-core (WCAG 2.2 A and
AA rules), at phone and desktop width; each page is also saved as a screenshot in
``screenshots/`` (git ignores it) so that a person can look at it.

One site serves the whole file: a volunteer completes the general module (for the result
page, the certificate list and the public verification page of the certificate she earns), and
a caseworker is part-way through the quiz (for a question and a scenario stage).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.e2e.learner import (
    QUESTION_URL,
    attempt_questions,
    click_and_wait,
    complete_lessons,
    sign_in,
    start_quiz,
    take_quiz,
)

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_QUIZ = "/general-awareness/quiz/"


@pytest.fixture(scope="module")
def journeys(module_site, browser):
    """Sign both learners in, bring them to the pages under test, and note where those are."""
    places = {"site": module_site, "state": {}}
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, module_site, "volunteer")
    complete_lessons(page, module_site, GENERAL)
    take_quiz(page, module_site, GENERAL_QUIZ, correctly=True)
    places["result"] = ("volunteer", page.url)
    [certificate] = module_site.query("SELECT code FROM certificates_certificate")
    places["verification"] = (None, f"/certificates/verify/{certificate['code']}/")
    places["state"]["volunteer"] = context.storage_state()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, module_site, "caseworker")
    complete_lessons(page, module_site, GENERAL)
    start_quiz(page, module_site, GENERAL_QUIZ)
    attempt_uuid = QUESTION_URL.search(page.url)[1]
    questions = attempt_questions(module_site, attempt_uuid)
    base = page.url.rsplit("/", 2)[0]
    number = next(n for n, q in enumerate(questions, 1) if q["type"] == "single_choice")
    places["quiz question"] = ("caseworker", f"{base}/{number}/")
    number = next(n for n, q in enumerate(questions, 1) if q["type"] == "scenario")
    places["scenario stage"] = ("caseworker", f"{base}/{number}/")
    places["state"]["caseworker"] = context.storage_state()
    context.close()
    return places


#: name: (who looks, path or a place found by ``journeys``)
PAGES = {
    "sign-in": (None, "/accounts/login/"),
    "catalogue": ("caseworker", "/"),
    "module": ("caseworker", GENERAL),
    "lesson with practice scenario": ("caseworker", f"{GENERAL}spotting-the-signs/"),
    "quiz": ("volunteer", GENERAL_QUIZ),
    "quiz question": (None, None),
    "scenario stage": (None, None),
    "result": (None, None),
    "my training": ("volunteer", "/my-training/"),
    "referral pathway": ("volunteer", "/referral-pathway/"),
    "certificate list": ("volunteer", "/certificates/"),
    "verification": (None, None),
    "verification form": (None, "/certificates/verify/"),
}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def open_page(browser, journeys, name, viewport):
    who, where = PAGES[name]
    if where is None:
        who, where = journeys[name]
    context = browser.new_context(
        viewport=viewport,
        bypass_csp=True,
        storage_state=journeys["state"][who] if who else None,
    )
    page = context.new_page()
    url = where if where.startswith("http") else journeys["site"].url(where)
    response = page.goto(url)
    assert response.status == 200, f"{name}: {url} answered {response.status}"
    return context, page


def screenshot(page, name, width_name):
    SCREENSHOTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    page.screenshot(path=SCREENSHOTS / f"{slug}-{width_name}.png", full_page=True)


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(browser, journeys, name, width_name):
    context, page = open_page(browser, journeys, name, WIDTHS[width_name])
    try:
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        screenshot(page, name, width_name)
        violations = axe_violations(page)
        assert not violations, f"{name} at {width_name} width:\n{describe(violations)}"
    finally:
        context.close()


def test_scenario_stage_after_an_answer_has_no_wcag_violations(browser, journeys):
    """The practice block with its feedback and the end of scenario panel, as learners see it."""
    context, page = open_page(browser, journeys, "lesson with practice scenario", DESKTOP)
    try:
        practice = page.locator("section.practice").first
        for _step in range(20):
            if not practice.get_by_role("button", name="Continue").count():
                break
            signs = practice.locator("input[type=checkbox]")
            if signs.count():
                signs.first.check()
            else:
                practice.locator("input[type=radio]").first.check()
            click_and_wait(page, practice.get_by_role("button", name="Continue"))
            violations = axe_violations(page)
            assert not violations, describe(violations)
        expect(practice.get_by_role("heading", name="End of the scenario")).to_be_visible()
        screenshot(page, "scenario practice finished", "desktop")
    finally:
        context.close()
