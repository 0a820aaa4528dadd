"""
Keyboard only: a learner answers a quiz question, plays a scenario stage by stage and submits
the quiz with Tab, Space and Enter alone, and can see where the focus is at every step.

"Visible" means the focused element's outline or box shadow differs from how the same element
looks unfocused, and it has a ring at all (a non-zero outline or a box shadow).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.learner import (
    QUESTION_URL,
    attempt_questions,
    complete_lessons,
    shown,
    sign_in,
    start_quiz,
    submit_mostly_unanswered_attempt,
)

pytestmark = pytest.mark.e2e

GENERAL_QUIZ = "/general-awareness/quiz/"

# Remember how every focusable element looks before anything has focus.
RECORD_UNFOCUSED = """() => {
  const look = el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '); };
  document.activeElement && document.activeElement.blur();
  window.__unfocused = new Map();
  const focusable = 'a[href], button, input, select, textarea, [tabindex]';
  for (const el of document.querySelectorAll(focusable)) {
    window.__unfocused.set(el, look(el));
  }
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const look = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = outline || s.boxShadow !== 'none';
  return {
    element: el.outerHTML.slice(0, 120),
    onBody: el === document.body,
    ring,
    changed: window.__unfocused.has(el) ? window.__unfocused.get(el) !== look : true,
  };
}"""


class KeyboardUser:
    """Moves through a page with Tab and acts with Space and Enter, checking the focus ring."""

    def __init__(self, page):
        self.page = page
        self.steps = 0

    def arrive(self):
        """Call on each new page: note how elements look before any of them has focus."""
        self.page.wait_for_load_state()
        self.page.evaluate(RECORD_UNFOCUSED)

    def tab_to(self, target, limit=150):
        """Press Tab until ``target`` (a locator) has focus; the focus must show every time."""
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            self.steps += 1
            focus = self.page.evaluate(FOCUSED)
            if focus["onBody"]:
                continue  # the tab order wrapped round through the browser's own UI
            assert focus["ring"] and focus["changed"], f"focus is not visible on {focus['element']}"
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {target}")

    def press(self, key):
        assert key in ("Space", "Enter")
        self.page.keyboard.press(key)

    def follow(self, target, key="Enter"):
        """Tab to a link or button and press Enter: the next page loads."""
        self.tab_to(target)
        with self.page.expect_navigation():
            self.press(key)
        self.arrive()


def start_an_attempt_with_a_multiple_choice_question(page, site):
    """Start the general quiz until its draw holds a multiple choice question.

    Returns the attempt's uuid and its questions.

    Each attempt draws from the bank, and about one draw in 75 has no multiple choice question:
    that attempt is submitted (failed) and the learner tries again, as a learner may.
    """
    for _draw in range(10):
        start_quiz(page, site, GENERAL_QUIZ)
        attempt_uuid = QUESTION_URL.search(page.url)[1]
        questions = attempt_questions(site, attempt_uuid)
        if any(q["type"] == "multiple_choice" for q in questions):
            return attempt_uuid, questions
        submit_mostly_unanswered_attempt(page, site, GENERAL_QUIZ)
    raise AssertionError("ten draws without a multiple choice question")


def test_quiz_question_and_scenario_with_the_keyboard_alone(site, new_context):
    page = new_context("desktop").new_page()
    sign_in(page, site, "volunteer")
    complete_lessons(page, site, "/general-awareness/")
    attempt_uuid, questions = start_an_attempt_with_a_multiple_choice_question(page, site)
    choice = next(n for n, q in enumerate(questions, 1) if q["type"] == "multiple_choice")
    scenario = next(n for n, q in enumerate(questions, 1) if q["type"] == "scenario")
    nav = page.get_by_role("navigation", name="Questions in this attempt")
    user = KeyboardUser(page)
    user.arrive()

    # A multiple choice question: tick every right answer with Space, save with Enter.
    user.follow(nav.get_by_role("link", name=re.compile(rf"^{choice} \(not answered\)")))
    expect(page).to_have_url(re.compile(rf"/{choice}/$"))
    for option in questions[choice - 1]["options"]:
        if option["correct"]:
            box = page.locator(f'input[value="{shown(option)}"]')
            user.tab_to(box)
            user.press("Space")
            expect(box).to_be_checked()
    user.follow(page.get_by_role("button", name="Save and continue"))
    expect(nav.get_by_role("link", name=f"{choice} (answered)")).to_be_visible()

    # A scenario, stage by stage: Space ticks the signs or picks the first action in reach.
    user.follow(nav.get_by_role("link", name=re.compile(rf"^{scenario} \(not answered\)")))
    snapshot = questions[scenario - 1]
    stages = {shown(stage): stage for stage in snapshot["stages"]}
    played = 0
    while page.locator('form.question input[name="stage"]').count():
        key = page.locator('input[name="stage"]').get_attribute("value")
        if not key:
            break
        stage = stages[key]
        if stage["kind"] == "spot_signs":
            for observation in stage["observations"]:
                if observation["indicator"]:
                    box = page.locator(f'input[value="{shown(observation)}"]')
                    user.tab_to(box)
                    user.press("Space")
                    expect(box).to_be_checked()
        else:
            # Tab enters a radio group at its first option; Space chooses it.
            first = page.locator("form.question input[type=radio]").first
            user.tab_to(first)
            user.press("Space")
            expect(first).to_be_checked()
        user.follow(page.get_by_role("button", name="Save and review answers"))
        played += 1
        if "/review/" in page.url:
            break
    assert played >= 2, "the scenario should take at least two stages"

    # The review: confirm the unanswered questions with Space, submit with Enter.
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    confirm = page.get_by_label("Submit anyway: unanswered questions score nothing")
    user.tab_to(confirm)
    user.press("Space")
    expect(confirm).to_be_checked()
    user.follow(page.get_by_role("button", name="Submit my answers"))
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Not passed this time")
    answered = site.query(
        "SELECT r.position FROM quizzes_questionresponse r JOIN quizzes_quizattempt a"
        " ON a.id = r.attempt_id WHERE a.uuid = ? ORDER BY r.position",
        attempt_uuid.replace("-", ""),
    )
    assert {row["position"] + 1 for row in answered} >= {choice, scenario}
    assert user.steps > 10
