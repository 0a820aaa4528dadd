"""
The referral pathway in the pocket, in a real browser on a phone: without signal, the pathway and
the lessons the learner opened still show, a quiz never comes from the store, and signing out
empties it. Also: the phone layout shows 999 and the first action at once, and the one-page print
of each pathway is one sheet of A4.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import PHONE, SCREENSHOTS
from tests.e2e.learner import sign_in, sign_out

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_QUIZ = "/general-awareness/quiz/"


#: The paths of everything in the offline store (every cache of the site).
KEPT_PATHS = """
caches.keys()
  .then(keys => Promise.all(keys.map(key => caches.open(key).then(cache => cache.keys()))))
  .then(lists => lists.flat().map(request => new URL(request.url).pathname))
"""
#: True once the store holds ``path``.
IS_KEPT = """
(path) => caches.keys()
  .then(keys => Promise.all(keys.map(key => caches.open(key).then(cache => cache.match(path)))))
  .then(found => found.some(Boolean))
"""


def cache_keys(page):
    return page.evaluate(KEPT_PATHS)


def test_pathway_and_opened_lessons_work_offline_and_sign_out_empties_the_store(site, new_context):
    context = new_context("phone")
    page = context.new_page()
    sign_in(page, site, "volunteer")
    page.goto(site.url("/referral-pathway/"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker controls the pages opened after it is ready: open them again.
    page.reload()
    page.goto(site.url(GENERAL))
    lesson_link = page.locator(".lesson-list a").first
    lesson_path = lesson_link.get_attribute("href")
    page.goto(site.url(lesson_path))
    lesson_title = page.get_by_role("heading", level=1).inner_text()
    page.goto(site.url("/referral-pathway/"))
    page.wait_for_function(IS_KEPT, arg=lesson_path)
    kept = cache_keys(page)
    assert "/referral-pathway/" in kept and lesson_path in kept
    assert not any("quiz" in path for path in kept)

    context.set_offline(True)
    page.goto(site.url("/referral-pathway/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral pathway")
    expect(page.locator("a[href='tel:999']").first).to_be_visible()
    page.goto(site.url(lesson_path))
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson_title)
    # A quiz is never kept: without signal the offline page says so instead.
    page.goto(site.url(GENERAL_QUIZ))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    context.set_offline(False)

    page.goto(site.url("/"))
    sign_out(page)
    page.wait_for_function("caches.keys().then(keys => keys.length === 0)")
    assert cache_keys(page) == []


def test_the_pocket_pathway_on_a_phone_and_on_paper(site, new_context):
    context = new_context("phone", bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    sign_in(page, site, "volunteer")
    page.goto(site.url("/referral-pathway/"))
    emergency = page.locator(".pathway-emergency").bounding_box()
    first_step = page.locator("details.pathway-step__fold summary").first.bounding_box()
    assert emergency["y"] + emergency["height"] <= PHONE["height"]
    assert first_step["y"] + first_step["height"] <= PHONE["height"], (
        f"the first action ends at {first_step['y'] + first_step['height']} px"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "pocket-pathway-phone.png")
    # A step opens with a tap; its numbers are tap-to-call links.
    page.locator("details.pathway-step__fold summary").nth(1).click()
    expect(
        page.locator("details.pathway-step__fold").nth(1).locator("a[href^='tel:']").first
    ).to_be_visible()

    keys = page.locator(".pathway").evaluate_all(
        "nodes => nodes.map(n => n.id.replace('pathway-', ''))"
    )
    assert keys
    for key in keys:
        page.goto(site.url(f"/referral-pathway/{key}/print/"))
        pdf = page.pdf(format="A4")
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert pages == 1, f"the {key} pathway prints on {pages} pages"
        with page.expect_download() as download:
            page.goto(site.url("/referral-pathway/"))
            page.get_by_role("link", name=re.compile("Wallet card")).first.click()
        assert download.value.suggested_filename.startswith("wallet-card-")
    sign_out(page)
