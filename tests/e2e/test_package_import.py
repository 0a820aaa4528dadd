"""
A trainer imports a module package in a real browser (issue 24): the general module is exported
with the admin's button, a script and an event handler are slipped into its introduction, and
the file is uploaded. The preview says which field is cleaned before the list of new names,
which is folded and opens from the keyboard; axe finds nothing, and screenshots are saved.
"""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.learner import click_and_wait, sign_in
from tests.e2e.test_authoring_admin import screenshots

pytestmark = pytest.mark.e2e

HOSTILE = '<p>Read <b>this</b>.<img src="x" onerror="document.title=\'hacked\'"></p>'


def general_module_id(site):
    rows = site.query(
        "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id "
        "WHERE p.slug = 'general-awareness' AND l.language_code = 'en-gb'"
    )
    return rows[0]["id"]


def with_hostile_introduction(package):
    """The package's bytes with HOSTILE as the module's introduction."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    manifest["module"]["fields"]["intro"] = HOSTILE
    files["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_trainer_sees_what_an_import_cleans_and_renames(site, new_context):
    page = new_context("desktop", bypass_csp=True).new_page()
    sign_in(page, site, "trainer")
    exported = page.request.get(
        site.url(f"/admin/module-packages/export/{general_module_id(site)}/")
    )
    assert exported.ok, exported.status

    page.goto(site.url("/admin/module-packages/import/"))
    page.set_input_files(
        "input[type=file]",
        {
            "name": "general.zip",
            "mimeType": "application/zip",
            "buffer": with_hostile_introduction(exported.body()),
        },
    )
    click_and_wait(page, page.get_by_role("button", name="Check this package"))

    expect(page.get_by_role("heading", level=1, name="Check the import")).to_be_visible()
    cleaned = page.get_by_role("heading", level=2, name="Cleaned")
    expect(cleaned).to_be_visible()
    expect(
        page.get_by_text("introduction: markup this site does not allow is removed")
    ).to_be_visible()
    renamed = page.get_by_role("heading", level=2, name="Renamed to fit this site")
    assert cleaned.bounding_box()["y"] < renamed.bounding_box()["y"]
    first_new_name = page.get_by_text("is taken here: becomes").first
    expect(first_new_name).to_be_hidden()
    summary = page.locator("summary", has_text="new names")
    summary.focus()
    page.keyboard.press("Enter")
    expect(first_new_name).to_be_visible()
    assert page.title() != "hacked"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshots(page, "admin-package-import-preview", cleaned)
