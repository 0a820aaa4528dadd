"""
What a learner does in the browser, step by step, for the journeys and accessibility tests.

Everything goes through the pages as a person would use them: links, buttons, labels. The one
thing a person knows that a browser cannot see is the right answer; the quiz helpers read it
from the attempt's frozen snapshot in the site's database (``LiveSite.attempt_questions``), the
same record the server marks against, and then answer through the form like anyone else.
"""

import contextlib
import json
import re

from playwright.sync_api import Page, expect

from tests.factories.users import TEST_PASSWORD

#: The language the quiz helpers read the interface in (``in_language``); English by default.
_language = ["en-gb"]


@contextlib.contextmanager
def in_language(code):
    """Within: the quiz helpers find buttons and headings by their text in language ``code``."""
    _language.append(code)
    try:
        yield
    finally:
        _language.pop()


def t(text):
    """``text`` as the site shows it in the helpers' current language (the site's catalogue)."""
    from django.utils import translation

    with translation.override(_language[-1]):
        return translation.gettext(text)


def shown(entry):
    """The value a page shows for an option, step or stage: its attempt's token."""
    return entry.get("token") or entry["key"]


def shown_for(entries, key):
    return next(shown(entry) for entry in entries if entry["key"] == key)


# Without named groups: Playwright's URL expectations use JavaScript regular expressions. A
# scenario's next stage opens at its choices (``#choices``).
QUESTION_URL = re.compile(r"/attempt/([0-9a-f-]{36})/(\d+)/(?:#choices)?$")


def click_and_wait(page: Page, target):
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def sign_in(page: Page, site, username, *, password=TEST_PASSWORD, next_path="/"):
    page.goto(site.url(next_path))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def sign_out(page: Page):
    click_and_wait(page, page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def attempt_questions(site, attempt_uuid):
    """The questions of an attempt as frozen when it started (options, right answers)."""
    rows = site.query(
        "SELECT questions FROM quizzes_quizattempt WHERE uuid = ?", attempt_uuid.replace("-", "")
    )
    assert rows, f"no attempt {attempt_uuid} in the site's database"
    return json.loads(rows[0]["questions"])


# Lessons ---------------------------------------------------------------------------------------


def complete_lessons(page: Page, site, module_path, *, practise=None):
    """Work through every lesson of a module from its page, marking each one complete.

    ``practise``: called with the page on the first lesson that has a practice scenario.
    Returns the titles of the lessons completed, in order; the browser is left where the last
    lesson's button led (the quiz, or the module page).
    """
    page.goto(site.url(module_path))
    click_and_wait(
        page, page.get_by_role("link", name=re.compile(r"^(Start the first lesson|Continue)"))
    )
    titles = []
    practised = practise is None
    mark_complete = page.get_by_role("button", name=re.compile(r"^Mark as complete"))
    while mark_complete.count():
        titles.append(page.get_by_role("heading", level=1).inner_text())
        if not practised and page.locator("section.practice").count():
            practise(page)
            practised = True
        click_and_wait(page, mark_complete)
    return titles


def practise_scenario(page: Page):
    """Play the first practice scenario on a lesson to its end, with feedback at each step."""
    practice = page.locator("section.practice").first
    title = practice.get_by_role("heading", level=2).inner_text()
    for _step in range(20):
        practice = page.locator("section.practice", has_text=title)
        if practice.get_by_role("heading", name="End of the scenario").count():
            break
        signs = practice.locator("input[type=checkbox]")
        if signs.count():
            # Spot the signs: pick the first two details.
            for index in range(min(2, signs.count())):
                signs.nth(index).check()
        else:
            practice.locator("input[type=radio]").first.check()
        click_and_wait(page, practice.get_by_role("button", name="Continue"))
        expect(
            page.locator("section.practice", has_text=title).get_by_role(
                "heading", name="What that step shows"
            )
        ).to_be_visible()
    practice = page.locator("section.practice", has_text=title)
    expect(practice.get_by_role("heading", name="End of the scenario")).to_be_visible()
    # The comparison's own headings (a debrief may have a heading with the same words).
    compare = practice.locator(".compare")
    expect(compare.get_by_role("heading", name="Your path", level=4)).to_be_visible()
    expect(compare.get_by_role("heading", name="The recommended path", level=4)).to_be_visible()
    return title


# Quizzes ---------------------------------------------------------------------------------------


def start_quiz(page: Page, site, quiz_path):
    page.goto(site.url(quiz_path))
    click_and_wait(
        page,
        page.get_by_role(
            "button",
            name=re.compile(
                "^({})$".format(
                    "|".join(
                        re.escape(t(label))
                        for label in ("Start the quiz", "Try again", "Continue your attempt")
                    )
                )
            ),
        ),
    )
    expect(page).to_have_url(QUESTION_URL)


def current_question(page: Page, site):
    """(number, snapshot) of the question on screen."""
    match = QUESTION_URL.search(page.url)
    assert match, f"not on a question page: {page.url}"
    attempt_uuid, number = match[1], int(match[2])
    return number, attempt_questions(site, attempt_uuid)[number - 1]


def answer_scenario_stage(form, stage, *, correctly):
    """Answer one stage of a scenario shown in ``form`` (a quiz page or a practice block)."""
    if stage["kind"] == "spot_signs":
        for observation in stage["observations"]:
            if bool(observation["indicator"]) == correctly:
                form.locator(f'input[type=checkbox][value="{shown(observation)}"]').check()
    else:
        if correctly:
            option = next(o for o in stage["options"] if o.get("recommended"))
        else:
            option = min(stage["options"], key=lambda o: (not o.get("critical"), o["points"]))
        form.locator(f'input[type=radio][value="{shown(option)}"]').check()


def answer_question(page: Page, snapshot, *, correctly):
    """Fill in the question on screen, right or wrong as asked (nothing is submitted here)."""
    form = page.locator("form.question")
    kind = snapshot["type"]
    if kind in ("single_choice", "true_false"):
        option = next(o for o in snapshot["options"] if o["correct"] == correctly)
        form.get_by_label(option["text"], exact=True).check()
    elif kind == "multiple_choice":
        for option in snapshot["options"]:
            if option["correct"] == correctly:
                form.get_by_label(option["text"], exact=True).check()
    elif kind == "ordering":
        order = list(snapshot["correct_order"])
        if not correctly:
            order.reverse()
        for position, key in enumerate(order, start=1):
            token = shown_for(snapshot["items"], key)
            form.locator(f'select[name="position_{token}"]').select_option(str(position))
    elif kind == "matching":
        lefts = [left["key"] for left in snapshot["left"]]
        rights = [snapshot["answers"][key] for key in lefts]
        if not correctly:
            rights = rights[1:] + rights[:1]
        for left, right in zip(lefts, rights, strict=True):
            form.locator(f'select[name="match_{shown_for(snapshot["left"], left)}"]').select_option(
                shown_for(snapshot["right"], right)
            )
    elif kind == "free_text":
        form.get_by_label(t("Your answer")).fill(
            "I would stay calm, listen, write down the facts and tell the lead the same day."
        )
    else:
        raise AssertionError(f"no answering rule for {kind} questions")


def save_and_go_on(page: Page, then=None):
    """Press "Save and continue", or on the last question "Save and review answers"."""
    form = page.locator("form.question")
    further = form.get_by_role("button", name=then or t("Save and continue"))
    if further.count():
        click_and_wait(page, further)
    else:
        click_and_wait(page, form.get_by_role("button", name=t("Save and review answers")))


def answer_scenario(page: Page, site, snapshot, *, correctly, on_stage=None, then=None):
    """Play a scenario question stage by stage (each stage is posted and shown again)."""
    stages = {shown(stage): stage for stage in snapshot["stages"]}
    url = page.url.split("#")[0]
    for _step in range(len(stages) + 1):
        if page.url.split("#")[0] != url:
            return  # the scenario ended and the answer was saved: on to the next page
        form = page.locator("form.question")
        key = form.locator('input[name="stage"]').get_attribute("value")
        expect(form.get_by_role("heading", name=stages[key]["title"], exact=True)).to_be_visible()
        if on_stage:
            on_stage(page, stages[key])
        answer_scenario_stage(form, stages[key], correctly=correctly)
        save_and_go_on(page, then)
    raise AssertionError("the scenario did not end")


def take_quiz(page: Page, site, quiz_path, *, correctly, on_question=None):
    """Start (or resume) the quiz, answer every question, submit; ends on the result page.

    ``on_question(page, number, snapshot)`` is called on each question page before answering.
    """
    start_quiz(page, site, quiz_path)
    seen = set()
    while QUESTION_URL.search(page.url):
        number, snapshot = current_question(page, site)
        assert number not in seen, f"question {number} came round twice"
        seen.add(number)
        question_of = re.escape(t("Question %(n)s of %(total)s") % {"n": number, "total": "T"})
        expect(page.locator("form.question .eyebrow")).to_have_text(
            re.compile("^{}$".format(question_of.replace("T", r"\d+")))
        )
        if on_question:
            on_question(page, number, snapshot)
        if snapshot["type"] == "scenario":
            answer_scenario(page, site, snapshot, correctly=correctly)
        else:
            answer_question(page, snapshot, correctly=correctly)
            save_and_go_on(page)
    expect(
        page.get_by_role("heading", name=t("Check your answers before you submit"))
    ).to_be_visible()
    if _language[-1] == "en-gb":
        expect(page.get_by_text(f"You have answered all {len(seen)} questions.")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name=t("Submit my answers")))
    expect(page).to_have_url(re.compile(r"/result/$"))
    return len(seen)


def submit_mostly_unanswered_attempt(page: Page, site, quiz_path):
    """Answer the first question wrongly, go to the review and submit past the warning."""
    start_quiz(page, site, quiz_path)
    number, snapshot = current_question(page, site)
    if snapshot["type"] == "scenario":
        answer_scenario(page, site, snapshot, correctly=False, then="Save and review answers")
    else:
        answer_question(page, snapshot, correctly=False)
        click_and_wait(page, page.get_by_role("button", name="Save and review answers"))
    expect(
        page.get_by_role("heading", name=re.compile(r"questions have no answer$"))
    ).to_be_visible()
    # Without the confirmation nothing is submitted.
    click_and_wait(page, page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_text(re.compile(r"^Some questions have no answer\."))).to_be_visible()
    page.get_by_label("Submit anyway: unanswered questions score nothing").check()
    click_and_wait(page, page.get_by_role("button", name="Submit my answers"))
    expect(page).to_have_url(re.compile(r"/result/$"))
