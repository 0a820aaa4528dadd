"""
SCORM dispatch in a real browser: a trainer downloads the module's SCORM package from the admin;
a minimal SCORM runtime (tests/e2e/scorm_runtime/, an API stub written for this test, served
from a second local origin like another organisation's LMS) loads the unzipped package's
``index.html`` in an iframe; the LMS learner opens the module on the platform from the
launcher, completes the lessons and passes the quiz; the stub reads back completed/passed and
the score, as committed through the SCORM API.
"""

import functools
import http.server
import io
import secrets
import shutil
import sqlite3
import threading
import uuid
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import click_and_wait, complete_lessons, sign_in, take_quiz
from tests.e2e.site import LiveSite, free_port

pytestmark = pytest.mark.e2e

GENERAL = "/general-awareness/"
GENERAL_QUIZ = "/general-awareness/quiz/"
RUNTIME = Path(__file__).resolve().parent / "scorm_runtime"


def add_dispatch(database_path, module_path, lms_name):
    """A dispatch row for the module at ``module_path``, written before the site starts."""
    with sqlite3.connect(database_path) as connection:
        (module_id,) = connection.execute(
            "SELECT m.page_ptr_id FROM modules_trainingmodulepage m "
            "JOIN wagtailcore_page p ON p.id = m.page_ptr_id WHERE p.url_path LIKE ?",
            (f"%{module_path}",),
        ).fetchone()
        cursor = connection.execute(
            "INSERT INTO scorm_dispatch (uuid, module_id, lms_name, secret, active, created_at) "
            "VALUES (?, ?, ?, ?, 1, '2026-01-01 00:00:00')",
            (uuid.uuid4().hex, module_id, lms_name, secrets.token_urlsafe(32)),
        )
        return cursor.lastrowid


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def scorm_site(template_database, tmp_path):
    (tmp_path / "site").mkdir()
    site = LiveSite(template_database, tmp_path / "site")
    site.dispatch_id = add_dispatch(site.database_path, GENERAL, "Partner LMS")
    site.start()
    yield site
    site.stop()


@pytest.fixture
def lms(tmp_path):
    """The other organisation's LMS: a static server on its own origin, returns its folder."""
    folder = tmp_path / "lms"
    shutil.copytree(RUNTIME, folder)
    port = free_port()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_lms_learner_completes_the_module_and_the_lms_reads_the_result(
    scorm_site, lms, new_context, version
):
    site = scorm_site
    folder, lms_url = lms

    # The trainer downloads the package from the dispatch listing in the admin.
    trainer_page = new_context("desktop").new_page()
    sign_in(trainer_page, site, "trainer")
    trainer_page.goto(site.url("/admin/snippets/scorm/dispatch/"))
    label = "Download SCORM 1.2" if version == "1.2" else "Download SCORM 2004"
    with trainer_page.expect_download() as download_info:
        trainer_page.get_by_role("link", name=label).click()
    data = Path(download_info.value.path()).read_bytes()
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder / "package")

    # The LMS opens the package's launcher in its runtime page.
    context = new_context("desktop")
    lms_page = context.new_page()
    lms_page.goto(f"{lms_url}/index.html?version={version}")
    launcher = lms_page.frame_locator("iframe")
    open_link = launcher.get_by_role("link", name="Open the module")
    expect(open_link).to_be_visible()
    expect(lms_page.locator("#commits")).to_have_text("1")  # "incomplete" reported at once
    with context.expect_page() as popup_info:
        open_link.click()
    page = popup_info.value
    page.wait_for_load_state()
    expect(page.get_by_text("Partner LMS")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Start the module"))

    # The learner takes the module on the platform, and only that module.
    titles = complete_lessons(page, site, GENERAL)
    assert len(titles) == 6
    take_quiz(page, site, GENERAL_QUIZ, correctly=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("You passed")
    page.goto(site.url("/my-training/"))
    expect(page.get_by_role("heading", name="This page is not part of your module")).to_be_visible()

    rows = site.query(
        "SELECT a.score FROM quizzes_quizattempt a "
        "JOIN scorm_dispatchlearner d ON d.user_id = a.user_id "
        "WHERE d.lms_learner_id = 'lms-learner-7' AND a.submitted_at IS NOT NULL"
    )
    score = float(rows[0]["score"])

    # Back in the LMS, the launcher reports what the platform says (it polls every 5 s).
    lms_page.bring_to_front()
    committed = lms_page.locator("#committed")
    if version == "1.2":
        expect(committed.locator('[data-name="cmi.core.lesson_status"]')).to_have_text(
            "passed", timeout=30_000
        )
        values = lms_page.evaluate("window.scormCommitted")
        assert float(values["cmi.core.score.raw"]) == score
        assert values["cmi.core.score.max"] == "100"
        first_call = "LMSInitialize"
    else:
        expect(committed.locator('[data-name="cmi.completion_status"]')).to_have_text(
            "completed", timeout=30_000
        )
        values = lms_page.evaluate("window.scormCommitted")
        assert values["cmi.success_status"] == "passed"
        assert float(values["cmi.score.raw"]) == score
        assert float(values["cmi.score.scaled"]) == pytest.approx(score / 100)
        first_call = "Initialize"
    calls = lms_page.evaluate("window.scormCalls")
    assert calls[0][0] == first_call
    expect(launcher.get_by_role("status")).to_have_text(
        "Module completed. Your result has been sent to your learning system."
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    lms_page.screenshot(path=SCREENSHOTS / f"scorm-{version}-lms.png", full_page=True)

    # The account made for the LMS learner has no email and no password.
    (account,) = site.query(
        "SELECT u.email, u.password, u.first_name FROM auth_user u "
        "JOIN scorm_dispatchlearner d ON d.user_id = u.id"
    )
    assert account["email"] == ""
    assert account["password"].startswith("!")
    assert account["first_name"] == "Lovelace, Ada"
