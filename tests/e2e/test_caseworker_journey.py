"""
A caseworker in a real browser: refused the specialist module until general awareness is
complete, then completes both modules. Runs on a desktop, without JavaScript and on a phone.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LEARNER_VARIANTS
from tests.e2e.learner import complete_lessons, sign_in, take_quiz

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_TITLE = "General awareness: recognising and responding to trafficking"
CASEWORK = "/caseworker-training/"
CASEWORK_TITLE = "Specialist caseworker training: supporting survivors of trafficking"


def card(page, title):
    return page.locator("li.card", has=page.get_by_role("link", name=title, exact=True))


@pytest.mark.parametrize("variant", LEARNER_VARIANTS)
def test_caseworker_module_opens_after_general_awareness(site, new_context, variant):
    page = new_context(variant).new_page()
    sign_in(page, site, "caseworker")
    expect(card(page, CASEWORK_TITLE)).to_contain_text("Locked")

    # Refused, with the reason and the way on, and none of the module's content.
    response = page.goto(site.url(CASEWORK))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"You cannot open “{CASEWORK_TITLE}” yet"
    )
    expect(page.get_by_role("link", name=f"Go to {GENERAL_TITLE}")).to_be_visible()
    expect(page.get_by_role("link", name="The legal framework")).to_have_count(0)
    assert page.goto(site.url(f"{CASEWORK}legal-framework/")).status == 403
    assert page.goto(site.url(f"{CASEWORK}quiz/")).status == 403

    complete_lessons(page, site, GENERAL)
    take_quiz(page, site, f"{GENERAL}quiz/", correctly=True)
    expect(page.get_by_text(f"You have completed {GENERAL_TITLE}.")).to_be_visible()

    page.goto(site.url("/"))
    expect(card(page, CASEWORK_TITLE)).to_contain_text("Not started")
    assert page.goto(site.url(CASEWORK)).status == 200
    titles = complete_lessons(page, site, CASEWORK)
    assert titles[0] == "The legal framework"
    assert len(titles) == 6
    asked = take_quiz(page, site, f"{CASEWORK}quiz/", correctly=True)
    assert asked == 25  # 21 drawn from six pools, 3 assessed scenarios, 1 reflective question
    expect(page.get_by_role("heading", level=1)).to_have_text("You passed")
    expect(page.get_by_text(f"You have completed {CASEWORK_TITLE}.")).to_be_visible()

    page.goto(site.url("/my-training/"))
    expect(page.get_by_text("You have completed 2 of the 2 modules open to you.")).to_be_visible()
    expect(card(page, CASEWORK_TITLE)).to_contain_text("Completed")
