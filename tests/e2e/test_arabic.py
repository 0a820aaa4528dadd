"""
The learner's pages in Arabic: right to left, in Arabic, and accessible.

A volunteer signs in and opens the Arabic pages (``/ar/...``) at phone and desktop width. Each
page must be ``<html lang="ar" dir="rtl">``, show the interface in Arabic, lay out from the right
(the main heading starts at the right-hand edge), and pass axe-core's WCAG 2.2 A and AA rules.
Screenshots go to ``screenshots/arabic-*.png``. The default content itself is English until it is
translated, so those pages carry the note that says so, and the English text is marked as English
(``lang="en-gb" dir="ltr"``).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.e2e.learner import complete_lessons, sign_in

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"

#: name: (path, an Arabic interface string the page shows)
PAGES = {
    "catalogue": ("/ar/", "تدريبي"),
    "module": (f"/ar{GENERAL}", "الدروس والاختبار"),
    "lesson": (f"/ar{GENERAL}spotting-the-signs/", "كل الدروس"),
    "quiz": (f"/ar{GENERAL}quiz/", "الوقت المحدد"),
    "my training": ("/ar/my-training/", "ما الخطوة التالية"),
    "my account": ("/ar/my-account/", "الاسم واللغة والتذكيرات"),
    "certificates": ("/ar/certificates/", "شهاداتي"),
    "verification form": ("/ar/certificates/verify/", "التحقق من شهادة"),
}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def volunteer_state(module_site, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, module_site, "volunteer")
    complete_lessons(page, module_site, GENERAL)
    state = context.storage_state()
    context.close()
    return state


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_arabic_page_is_right_to_left_and_has_no_wcag_violations(
    browser, module_site, volunteer_state, name, width_name
):
    path, arabic = PAGES[name]
    context = browser.new_context(
        viewport=WIDTHS[width_name], bypass_csp=True, storage_state=volunteer_state
    )
    try:
        page = context.new_page()
        response = page.goto(module_site.url(path))
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "ar")
        expect(html).to_have_attribute("dir", "rtl")
        expect(page.locator("body")).to_contain_text(arabic)
        # Laid out from the right: the main content runs right to left, and the main heading's
        # box ends at the right of the content. A heading that is English content (a module not
        # yet translated) carries lang="en-gb" dir="ltr", so that its words run left to right.
        assert page.locator("main").evaluate("m => getComputedStyle(m).direction") == "rtl"
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_count(1)
        language = heading.evaluate("h => h.closest('[lang]').getAttribute('lang')")
        direction = heading.evaluate("h => getComputedStyle(h).direction")
        assert (language, direction) in {("ar", "rtl"), ("en-gb", "ltr")}, (language, direction)
        box = heading.bounding_box()
        main = page.locator("main").bounding_box()
        assert box["x"] + box["width"] > main["x"] + main["width"] * 0.5
        SCREENSHOTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name)
        page.screenshot(path=SCREENSHOTS / f"arabic-{slug}-{width_name}.png", full_page=True)
        violations = axe_violations(page)
        assert not violations, f"{name} at {width_name} width:\n{describe(violations)}"
    finally:
        context.close()


def test_lesson_arrows_point_the_way_arabic_reads(browser, module_site, volunteer_state):
    """The "next" arrow is mirrored in Arabic: it points left, the way the reader goes on."""
    context = browser.new_context(viewport=DESKTOP, storage_state=volunteer_state)
    try:
        page = context.new_page()
        page.goto(module_site.url(f"/ar{GENERAL}spotting-the-signs/"))
        arrow = page.locator(".pager__next .icon--directional")
        expect(arrow).to_have_count(1)
        transform = arrow.evaluate("a => getComputedStyle(a).transform")
        assert transform.startswith("matrix(-1"), transform
        page.goto(module_site.url(f"{GENERAL}spotting-the-signs/"))
        transform = arrow.evaluate("a => getComputedStyle(a).transform")
        assert transform == "none", transform
    finally:
        context.close()
