"""
Two languages end to end, in a real browser.

A volunteer reads half of the general awareness module in English, switches to Cymraeg with the
language links, finishes the lessons and the quiz in Welsh, and opens the certificate page in
Welsh; a visitor checks the certificate in English. A trainer translates a lesson in
wagtail-localize's editor, publishes it, and a learner reads it at its ``/cy/`` address.

The page text is checked in Welsh where it is content (the lessons come from the Welsh PO files
under ``content/translations/cy/``); buttons and headings of the interface are found by their
place in the page, so the test holds whether or not the interface has been translated yet.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import click_and_wait, in_language, sign_in, take_quiz

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
WELSH_LESSON_TITLES = [
    "Beth yw masnachu pobl a chaethwasiaeth fodern",
    "Ffurfiau camfanteisio",
    "Sylwi ar yr arwyddion",
    "Mythau a ffeithiau",
    "Beth i'w wneud pan fyddwch chi'n poeni",
    "Gofalu amdanoch eich hun",
]


def mark_complete(page):
    """Press the lesson's "mark as complete" button (found by its form, in any language)."""
    button = page.locator('form:has(input[name="action"][value="complete"]) button[type=submit]')
    click_and_wait(page, button)


def switch_to(page, code):
    click_and_wait(page, page.locator(f'nav.language-switcher a[hreflang="{code}"]'))
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_volunteer_switches_to_welsh_half_way_and_finishes_the_module(site, new_context):
    page = new_context("desktop").new_page()
    sign_in(page, site, "volunteer")

    # Three lessons in English.
    page.goto(site.url(GENERAL))
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"^Start the first lesson")))
    for _ in range(3):
        expect(page.locator("html")).to_have_attribute("lang", "en-gb")
        mark_complete(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Myths and facts")

    # The rest in Welsh: the same lesson, at its /cy/ address, marked as a draft translation.
    switch_to(page, "cy")
    expect(page).to_have_url(site.url("/cy/general-awareness/myths-and-facts/"))
    for title in WELSH_LESSON_TITLES[3:]:
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        note = page.locator("p.review-note")
        expect(note).to_be_visible()
        expect(note.locator('a[hreflang="en-gb"]')).to_have_attribute(
            "href", re.compile(r"^/general-awareness/[a-z-]+/$")
        )
        if title == WELSH_LESSON_TITLES[3]:
            expect(
                page.get_by_text("Myth: dim ond pobl o dramor sy'n cael eu masnachu.")
            ).to_be_visible()
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / "welsh-lesson.png", full_page=True)
        mark_complete(page)

    # One record: the Welsh module page counts the English lessons as done.
    page.goto(site.url("/cy" + GENERAL))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ymwybyddiaeth gyffredinol: adnabod ac ymateb i fasnachu pobl"
    )
    # 6 of 7 steps (six lessons and the quiz).
    expect(page.locator("progress#module-progress")).to_have_attribute(
        "value", re.compile(r"^8[56]$")
    )

    # The quiz, in Welsh (its questions are asked in English until they are translated).
    page.goto(site.url("/cy/general-awareness/quiz/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ymwybyddiaeth gyffredinol: gwirio eich dealltwriaeth"
    )
    with in_language("cy"):
        take_quiz(page, site, "/cy/general-awareness/quiz/", correctly=True)
    expect(page).to_have_url(re.compile(r"^.*/cy/general-awareness/quiz/attempt/.*/result/$"))
    [row] = site.query(
        "SELECT COUNT(*) AS n FROM modules_enrolment e JOIN auth_user u ON u.id = e.user_id"
        " WHERE u.username = 'volunteer' AND e.completed_at IS NOT NULL"
    )
    assert row["n"] == 1

    # The certificate page in Welsh; a visitor checks the certificate in English.
    page.goto(site.url("/cy/certificates/"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    certificate = page.locator("li.card--certificate")
    expect(certificate).to_have_count(1)
    page.screenshot(path=SCREENSHOTS / "welsh-certificates.png", full_page=True)
    [code] = site.query(
        "SELECT c.code FROM certificates_certificate c JOIN auth_user u ON u.id = c.user_id"
        " WHERE u.username = 'volunteer'"
    )
    visitor = new_context("desktop").new_page()
    assert visitor.goto(site.url(f"/certificates/verify/{code['code']}/")).status == 200
    expect(visitor.locator("html")).to_have_attribute("lang", "en-gb")
    expect(
        visitor.get_by_role("heading", name="This certificate is genuine and current.")
    ).to_be_visible()
    expect(visitor.locator("dl.facts")).to_contain_text("Val Volunteer")


def test_trainer_translates_a_lesson_in_the_editor_and_the_learner_reads_it(site, new_context):
    trainer = new_context("desktop").new_page()
    # A training lead: module content goes through moderation, and leads may publish.
    sign_in(trainer, site, "lead")
    [lesson] = site.query(
        "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id"
        " WHERE p.slug = 'looking-after-yourself' AND l.language_code = 'cy'"
    )
    # The Welsh page was translated with wagtail-localize: its edit view is the translation
    # editor, with each English string beside its Welsh.
    trainer.goto(site.url(f"/admin/pages/{lesson['id']}/edit/"))
    title_segment = trainer.locator(
        "li.complete", has=trainer.locator(".title", has_text="Looking after yourself")
    ).first
    expect(title_segment).to_contain_text("Gofalu amdanoch eich hun")
    title_segment.get_by_role("button", name="Edit", exact=True).click()
    title_segment.locator("textarea").fill("Gofalu amdanoch chi eich hun")
    title_segment.get_by_role("button", name="Save", exact=True).click()
    expect(title_segment).to_contain_text("Gofalu amdanoch chi eich hun")
    trainer.screenshot(path=SCREENSHOTS / "welsh-translation-editor.png", full_page=True)
    with trainer.expect_navigation():
        trainer.get_by_role("button", name=re.compile(r"^Publish in")).click()

    learner = new_context("desktop").new_page()
    sign_in(learner, site, "volunteer")
    learner.goto(site.url("/cy/general-awareness/looking-after-yourself/"))
    expect(learner.get_by_role("heading", level=1)).to_have_text("Gofalu amdanoch chi eich hun")
    learner.screenshot(path=SCREENSHOTS / "welsh-lesson-after-trainer-edit.png", full_page=True)
