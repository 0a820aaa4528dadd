"""
A training lead (a trainer who may publish; other trainers submit their changes for a lead's
approval, tests/modules/test_moderation.py) works in the Wagtail admin in a real browser: writes
a lesson and a question, adds the question to the general awareness quiz, publishes both; then
a volunteer sees the new lesson in the module and meets the new question in the quiz. On a
desktop and on a phone (the admin needs JavaScript; the learner's part of the no-JavaScript case
is covered by the other journeys).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_VARIANTS
from tests.e2e.learner import (
    QUESTION_URL,
    attempt_questions,
    click_and_wait,
    complete_lessons,
    sign_in,
    start_quiz,
)

pytestmark = pytest.mark.e2e

LESSON_TITLE = "Helping someone who does not speak English"
LESSON_TEXT = "Always use a professional interpreter, never a companion or a child."
QUESTION_PROMPT = "Who should interpret when you talk with someone you are worried about?"
RIGHT = "A professional interpreter, booked through the organisation"
WRONG = "The person who came with them"


def page_id(site, url_path_suffix):
    rows = site.query(
        "SELECT id FROM wagtailcore_page WHERE url_path LIKE ?", f"%/{url_path_suffix}"
    )
    return rows[0]["id"]


def open_menu(page, name):
    """Open a menu of the admin sidebar (collapsed into a toggle on a phone)."""
    toggle = page.get_by_role("button", name="Toggle sidebar")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.get_by_role("button", name=name).click()


def publish(page):
    """The page editor's footer: open the more actions menu and publish."""
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    click_and_wait(page, footer.get_by_role("button", name="Publish"))


def fill_rich_text(page, section, text):
    """Type into the Draftail editor inside ``section`` (a locator)."""
    editor = section.locator("[contenteditable=true]").first
    expect(editor).to_be_visible()
    editor.click()
    expect(editor).to_be_focused()
    page.keyboard.type(text)
    expect(editor).to_have_text(text)
    # Draftail writes its content to a hidden input a moment after typing stops: wait for it,
    # or the form would be sent without the text.
    section.locator("input[type=hidden]").first.wait_for(state="attached")
    page.wait_for_function(
        "([section, text]) => [...section.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(text))",
        arg=[section.element_handle(), text],
    )


def write_lesson(page, site):
    module_id = page_id(site, "general-awareness/")
    page.goto(site.url(f"/admin/pages/{module_id}/"))
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"Add child page")).first)
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"^Lesson")).first)
    page.get_by_placeholder("Page title*").fill(LESSON_TITLE)
    page.get_by_role("textbox", name="Summary").fill("Why a professional interpreter matters.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name=re.compile(r"^Text")).first.click()
    fill_rich_text(page, page.locator("[data-contentpath=body]"), LESSON_TEXT)
    publish(page)
    expect(page.get_by_text(f"Page '{LESSON_TITLE}' created and published.")).to_be_visible()


def write_question(page, site):
    page.goto(site.url("/admin/"))
    open_menu(page, "Question bank")
    click_and_wait(page, page.get_by_role("link", name="All questions"))
    page.get_by_role("button", name="Add a question of one of these types").click()
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"single choice", re.I)).first)
    page.locator("input[name=title]").fill("Who interprets")
    page.locator("select[name=category]").select_option(label="General: What to do")
    fill_rich_text(page, page.locator("[data-contentpath=prompt]"), QUESTION_PROMPT)
    for number, (text, correct) in enumerate([(RIGHT, True), (WRONG, False)]):
        page.get_by_role("button", name="Add Option").click()
        page.locator(f"[name=options-{number}-text]").fill(text)
        if correct:
            page.locator(f"[name=options-{number}-is_correct]").check()
        page.locator(f"[name=options-{number}-feedback]").fill(
            "Yes: independent and trained." if correct else "No: they may be the exploiter."
        )
    click_and_wait(page, page.locator("footer").get_by_role("button", name="Save"))
    expect(page.get_by_text(re.compile(r"Who interprets.*created"))).to_be_visible()


def add_question_to_quiz(page, site):
    quiz_id = page_id(site, "general-awareness/quiz/")
    page.goto(site.url(f"/admin/pages/{quiz_id}/edit/"))
    page.get_by_role("button", name="Add Question").first.click()
    page.get_by_role("button", name="Choose a question").last.click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("textbox").first.fill("Who interprets")
    modal.get_by_role("link", name="Who interprets").click()
    expect(modal).to_be_hidden()
    expect(page.get_by_text("Who interprets").first).to_be_visible()
    publish(page)
    expect(page.get_by_text(re.compile(r"Page '.*' has been published\."))).to_be_visible()


@pytest.mark.parametrize("variant", STAFF_VARIANTS)
def test_trainer_publishes_a_lesson_and_a_question_that_learners_see(site, new_context, variant):
    page = new_context(variant).new_page()
    sign_in(page, site, "lead")
    write_lesson(page, site)
    write_question(page, site)
    add_question_to_quiz(page, site)

    learner = new_context(variant).new_page()
    sign_in(learner, site, "volunteer")
    learner.goto(site.url("/general-awareness/"))
    lesson_link = learner.get_by_role("link", name=LESSON_TITLE)
    expect(lesson_link).to_be_visible()
    click_and_wait(learner, lesson_link)
    expect(learner.get_by_text(LESSON_TEXT)).to_be_visible()
    expect(learner.get_by_text("Lesson 7 of 7")).to_be_visible()

    titles = complete_lessons(learner, site, "/general-awareness/")
    assert titles[-1] == LESSON_TITLE
    start_quiz(learner, site, "/general-awareness/quiz/")
    questions = attempt_questions(site, QUESTION_URL.search(learner.url)[1])
    assert len(questions) == 26
    number = next(n for n, q in enumerate(questions, 1) if q["title"] == "Who interprets")
    nav = learner.get_by_role("navigation", name="Questions in this attempt")
    click_and_wait(learner, nav.get_by_role("link", name=re.compile(rf"^{number} ")))
    expect(learner.locator("form.question")).to_contain_text(QUESTION_PROMPT)
    expect(learner.get_by_label(RIGHT)).to_be_visible()
    expect(learner.get_by_label(WRONG)).to_be_visible()
