"""
A volunteer's way through the general awareness module in a real browser: sign in, read and
complete the lessons, practise a scenario, fail the quiz once, pass it, download the
certificate; then a visitor who is not signed in checks it from the address in its QR code.

It runs three times: on a desktop browser, with JavaScript switched off, and on a 360 by 740
phone screen.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.certificates import read_certificate
from tests.e2e.conftest import LEARNER_VARIANTS
from tests.e2e.learner import (
    click_and_wait,
    complete_lessons,
    practise_scenario,
    sign_in,
    submit_mostly_unanswered_attempt,
    take_quiz,
)

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_TITLE = "General awareness: recognising and responding to trafficking"
GENERAL_QUIZ = "/general-awareness/quiz/"


def card(page, title):
    return page.locator("li.card", has=page.get_by_role("link", name=title, exact=True))


@pytest.mark.parametrize("variant", LEARNER_VARIANTS)
def test_volunteer_completes_the_general_module(site, new_context, variant, tmp_path):
    page = new_context(variant).new_page()

    # A visitor is sent to sign in first, then lands on the catalogue.
    sign_in(page, site, "volunteer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-trafficking training")
    expect(card(page, GENERAL_TITLE)).to_contain_text("Not started")

    # The quiz stays closed until every lesson is complete.
    page.goto(site.url(GENERAL_QUIZ))
    expect(
        page.get_by_role("heading", name="The quiz opens when every lesson is complete")
    ).to_be_visible()

    practised = []
    titles = complete_lessons(
        page, site, GENERAL, practise=lambda p: practised.append(practise_scenario(p))
    )
    assert len(titles) == 6
    assert titles[2] == "Spotting the signs"
    assert practised, "no lesson offered a scenario to practise"
    # The last lesson leads on to the quiz, now open.
    expect(page).to_have_url(site.url(GENERAL_QUIZ))
    expect(page.get_by_role("button", name="Start the quiz")).to_be_visible()
    page.goto(site.url(GENERAL))
    expect(page.locator("label[for=module-progress]")).to_have_text(
        "6 of 7 steps complete (6 lessons and the quiz)"
    )
    # Practice is never recorded as an attempt.
    assert site.query("SELECT COUNT(*) AS n FROM quizzes_quizattempt")[0]["n"] == 0

    # First attempt fails: on the desktop every answer is wrong; elsewhere (to keep the run
    # short) the learner answers one question and submits, past the warning.
    if variant == "desktop":
        asked = take_quiz(page, site, GENERAL_QUIZ, correctly=False)
        assert asked == 25  # 23 bank questions and 2 scenarios drawn at random
    else:
        submit_mostly_unanswered_attempt(page, site, GENERAL_QUIZ)
    expect(page.get_by_role("heading", level=1)).to_have_text("Not passed this time")
    score = page.get_by_text(re.compile(r"^Your score: \d+%\. The pass mark is 80%\.$"))
    expect(score).to_be_visible()
    assert int(re.search(r"\d+", score.inner_text())[0]) < 80
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()

    # Second attempt: every answer right.
    take_quiz(page, site, GENERAL_QUIZ, correctly=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("You passed")
    expect(page.get_by_text("Your score: 100%. The pass mark is 80%.")).to_be_visible()
    expect(page.get_by_text(f"You have completed {GENERAL_TITLE}.")).to_be_visible()

    page.goto(site.url("/my-training/"))
    expect(card(page, GENERAL_TITLE)).to_contain_text("Completed")
    rows = site.query(
        "SELECT a.number, a.passed FROM quizzes_quizattempt a JOIN auth_user u ON u.id = a.user_id"
        " WHERE u.username = 'volunteer' AND a.status = 'submitted' ORDER BY a.number"
    )
    assert [(row["number"], row["passed"]) for row in rows] == [(1, 0), (2, 1)]

    # The certificate: listed under Certificates, downloaded as a PDF with a QR code.
    click_and_wait(
        page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    certificate = page.locator("li.card--certificate", has_text=GENERAL_TITLE)
    expect(certificate).to_contain_text("Val Volunteer")
    short_code = certificate.locator("code").inner_text()
    with page.expect_download() as download:
        certificate.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    pdf_path = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf_path)
    assert pdf_path.name == f"certificate-{short_code}.pdf"
    text, qr_codes = read_certificate(pdf_path)
    assert "Val Volunteer" in text
    assert short_code in text
    [code] = site.query(
        "SELECT c.code FROM certificates_certificate c JOIN auth_user u ON u.id = c.user_id"
        " WHERE u.username = 'volunteer'"
    )
    assert qr_codes == [site.url(f"/certificates/verify/{code['code']}/")]

    # Anyone holding the certificate can check it from the QR code, without signing in.
    visitor = new_context(variant).new_page()
    response = visitor.goto(qr_codes[0])
    assert response.status == 200
    expect(visitor.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(
        visitor.get_by_role("heading", name="This certificate is genuine and current.")
    ).to_be_visible()
    facts = visitor.locator("dl.facts")
    expect(facts).to_contain_text("Val Volunteer")
    expect(facts).to_contain_text(GENERAL_TITLE)
    expect(facts).to_contain_text(short_code)
