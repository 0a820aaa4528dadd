"""
A volunteer's own account on a phone: change the name on certificates, turn two-factor sign-in on
with an authenticator app, sign in with a code, and turn it off again; the page passes axe.
"""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import click_and_wait, sign_in, sign_out
from tests.factories.two_factor import wrong_code_for_key
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.e2e


def key_bytes(key_text):
    """The secret an app holds, from the key as the setup page prints it."""
    key = key_text.replace(" ", "")
    return b32decode(key + "=" * (-len(key) % 8))


def app_code(key_text, *, steps_ahead=0):
    """The code an authenticator app holding ``key_text`` shows, ``steps_ahead`` x 30 s from now.

    django-otp accepts a code one step either side of the app's clock and then follows that
    drift, so each later sign-in uses a code one step further on instead of waiting 30 s.
    """
    totp = TOTP(key_bytes(key_text))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_volunteer_looks_after_their_own_account_on_a_phone(site, new_context):
    context = new_context("phone", bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    sign_in(page, site, "volunteer")
    click_and_wait(page, page.get_by_role("link", name="My account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "my-account-phone.png", full_page=True)

    page.get_by_label("Name on certificates").fill("Sam Rivers")
    click_and_wait(page, page.get_by_role("button", name="Save settings"))
    expect(page.get_by_role("status")).to_contain_text("Your settings are saved.")
    expect(page.get_by_label("Name on certificates")).to_have_value("Sam Rivers")

    click_and_wait(page, page.get_by_role("link", name="Turn on two-factor sign-in"))
    key = page.locator(".otp-key").inner_text()
    page.get_by_label(re.compile("code", re.I)).fill(app_code(key))
    click_and_wait(page, page.get_by_role("button", name="Confirm"))
    expect(page).to_have_url(re.compile(r"/my-account/$"))
    expect(page.get_by_text("Two-factor sign-in is on")).to_be_visible()

    # Signing in now needs the code after the password.
    sign_out(page)
    page.goto(site.url("/accounts/login/"))
    page.get_by_label("Username").fill("volunteer")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/sign-in/"))
    page.get_by_label(re.compile("code", re.I)).fill(app_code(key, steps_ahead=1))
    click_and_wait(page, page.get_by_role("button", name=re.compile("Sign in|Continue|Confirm")))
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()

    # Turning it off asks for the password and a current code.
    page.goto(site.url("/my-account/"))
    off = page.locator("form[action='/my-account/two-factor-off/']")
    off.get_by_label("Your current password").fill(TEST_PASSWORD)
    off.get_by_label("Code from your authenticator app").fill(wrong_code_for_key(key_bytes(key)))
    click_and_wait(page, off.get_by_role("button", name="Turn off two-factor sign-in"))
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    page.wait_for_timeout(1500)  # django-otp waits a second before it checks again after a miss
    off = page.locator("form[action='/my-account/two-factor-off/']")
    off.get_by_label("Your current password").fill(TEST_PASSWORD)
    off.get_by_label("Code from your authenticator app").fill(app_code(key, steps_ahead=2))
    click_and_wait(page, off.get_by_role("button", name="Turn off two-factor sign-in"))
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is off.")
    expect(page.get_by_role("link", name="Turn on two-factor sign-in")).to_be_visible()
