"""
The general quiz in a real browser, as evidence: questions drawn from pools and shuffled for each
attempt, option values that say nothing, an assessed scenario that no lesson shows, and a
finished scenario that moves on with "Save and continue" like any other question.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import (
    QUESTION_URL,
    answer_scenario,
    attempt_questions,
    click_and_wait,
    complete_lessons,
    sign_in,
    start_quiz,
    submit_mostly_unanswered_attempt,
)

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
QUIZ = f"{GENERAL}quiz/"
TOKEN = re.compile(r"^[0-9a-f]{16}$")


def attempt_uuid(page):
    return QUESTION_URL.search(page.url)[1]


def shown_values(page):
    """Every value and field name the question form gives its answers (not its buttons)."""
    inputs = page.locator("form.question input[type=radio], form.question input[type=checkbox]")
    values = inputs.evaluate_all("inputs => inputs.map(input => input.value)")
    selects = page.locator("form.question select")
    values += [
        name.split("_", 1)[1]
        for name in selects.evaluate_all("selects => selects.map(select => select.name)")
    ]
    options = page.locator("form.question select option")
    values += [v for v in options.evaluate_all("options => options.map(o => o.value)") if v]
    # Ordering positions are numbers by design: the steps' names carry the tokens.
    return [value for value in values if not value.isdigit()]


def test_drawn_shuffled_quiz_with_an_assessed_scenario_and_no_trap(site, new_context):
    page = new_context("desktop").new_page()
    sign_in(page, site, "volunteer")
    complete_lessons(page, site, GENERAL)

    # First attempt: every value on the page is an opaque token.
    start_quiz(page, site, QUIZ)
    uuid = attempt_uuid(page)
    first = attempt_questions(site, uuid)
    for number in range(1, len(first) + 1):
        page.goto(site.url(f"{QUIZ}attempt/{uuid}/{number}/"))
        values = shown_values(page)
        assert all(TOKEN.match(value) for value in values), (number, values)
    page.goto(site.url(f"{QUIZ}attempt/{uuid}/1/"))
    page.screenshot(path=str(SCREENSHOTS / "assessment-question-desktop.png"), full_page=True)

    # An assessed scenario: no lesson shows it; answered to its end, it moves on.
    number = next(n for n, q in enumerate(first, 1) if q["type"] == "scenario")
    snapshot = first[number - 1]
    assert snapshot["use"] == "assessed"
    for lesson in site.query("SELECT url_path FROM wagtailcore_page WHERE depth = 4"):
        path = "/" + "/".join(lesson["url_path"].strip("/").split("/")[1:]) + "/"
        page.goto(site.url(path))
        assert snapshot["title"] not in page.content(), path
    page.goto(site.url(f"{QUIZ}attempt/{uuid}/{number}/"))
    answer_scenario(page, site, snapshot, correctly=True)
    if number < len(first):
        expect(page).to_have_url(re.compile(rf"/{number + 1}/$"))
    # Back on the finished scenario, "Save and continue" moves on (it used to trap learners).
    page.goto(site.url(f"{QUIZ}attempt/{uuid}/{number}/"))
    expect(
        page.get_by_text("You have finished this scenario. Your choices are saved.")
    ).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "assessment-finished-scenario.png"), full_page=True)
    button = "Save and continue" if number < len(first) else "Save and review answers"
    click_and_wait(page, page.get_by_role("button", name=button))
    expect(page.get_by_text("Please correct the answer below.")).to_have_count(0)
    if number < len(first):
        expect(page).to_have_url(re.compile(rf"/{number + 1}/$"))
    else:
        expect(page).to_have_url(re.compile(r"/review/$"))

    # Submit with most questions unanswered (a fail), then try again: a new draw, a new order.
    page.goto(site.url(QUIZ))
    submit_mostly_unanswered_attempt(page, site, QUIZ)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("not passed|did not pass", re.I)
    )
    start_quiz(page, site, QUIZ)
    second = attempt_questions(site, attempt_uuid(page))
    assert len(second) == len(first)
    first_ids = [q["question_id"] for q in first]
    second_ids = [q["question_id"] for q in second]
    assert first_ids != second_ids  # drawn and shuffled afresh
    assert set(first_ids) != set(second_ids)  # not only reordered: drawn from larger pools
    shared = [q for q in second if q["question_id"] in set(first_ids) and "options" in q]
    tokens_first = {o["key"]: o["token"] for q in first if "options" in q for o in q["options"]}
    assert all(o["token"] != tokens_first.get(o["key"]) for q in shared for o in q["options"])
