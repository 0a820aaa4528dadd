"""
Fixtures for the browser tests: the site in a subprocess, Debian's Chromium driven by
Playwright, and browser contexts for each way learners use the site.

Every test here is marked ``e2e``: ``make test`` runs them once, on SQLite, and leaves them out
of the PostgreSQL run (the site under test always runs on its own SQLite file anyway).
Playwright never downloads a browser: it launches ``/usr/bin/chromium``, which ``make test``
installs from Debian when it is missing. Nothing here touches ``os.environ``: this file is
imported whenever the suite is collected, and other tests start subprocesses of their own. The
ORM is never used inside Playwright's event loop, so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is not needed.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.site import LiveSite, prepare_template_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

#: The ways a learner meets the site: a desktop browser, the same without JavaScript, a phone.
LEARNER_VARIANTS = {
    "desktop": {"viewport": DESKTOP, "java_script_enabled": True},
    "no-js": {"viewport": DESKTOP, "java_script_enabled": False},
    "phone": {"viewport": PHONE, "java_script_enabled": True, "is_mobile": True, "has_touch": True},
}
#: Staff who work in the Wagtail admin need JavaScript; they still work on a phone.
STAFF_VARIANTS = {k: v for k, v in LEARNER_VARIANTS.items() if k != "no-js"}


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    """The migrated database with the default content and one account per role (built once)."""
    return prepare_template_database(tmp_path_factory.mktemp("e2e-template"))


@pytest.fixture
def site(template_database, tmp_path):
    """A running site of the test's own, on a copy of the template database."""
    live = LiveSite(template_database, tmp_path).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def module_site(template_database, tmp_path_factory):
    """A running site shared by the tests of one file (for pages that are only looked at)."""
    live = LiveSite(template_database, tmp_path_factory.mktemp("e2e-site")).start()
    yield live
    live.stop()


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the browser tests of this folder; closed when a run leaves the folder.

    Playwright's synchronous API keeps an event loop running in this thread while it is open,
    and Django refuses database work in a thread with a running loop. In a parallel run
    (``pytest -n 2``) a process may go on to ordinary tests after a file of browser tests.
    """
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: `make test` installs it "
            "(apt-get install chromium)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, request):
    """``new_context(variant)``: a fresh browser context (own cookies) for one person.

    When the test fails, each page open in these contexts is saved to
    ``screenshots/failures/`` so a person can see where it stopped.
    """
    contexts = []

    def make(variant="desktop", **options):
        settings = {**LEARNER_VARIANTS[variant], **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            folder = SCREENSHOTS / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{index}.png".replace("/", "_")
                page.screenshot(path=folder / name, full_page=True)
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
