"""
What keeps a learner's account theirs: the old address hears of an email change, and turning
two-factor sign-in off needs the password and a current code, is told by email, and is refused to
roles that must keep it.
"""

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.factories.two_factor import current_code, wrong_code
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = "/my-account/"
EMAIL = "/my-account/email/"
TWO_FACTOR_OFF = "/my-account/two-factor-off/"


@pytest.fixture
def app_of(db):
    def make(user):
        return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)

    return make


def test_an_email_change_is_told_to_the_old_address(
    volunteer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(volunteer).post(
            EMAIL, {"email": "sam.new@example.org", "password": TEST_PASSWORD}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["volunteer@example.org"]
    assert "email address was changed" in notice.subject
    assert "sam.new@example.org" in notice.body
    assert "/accounts/password_reset/" in notice.body


def test_the_same_address_again_sends_no_notice(
    volunteer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(volunteer).post(
            EMAIL, {"email": "Volunteer@Example.org", "password": TEST_PASSWORD}
        )
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_refused_email_change_sends_nothing(
    volunteer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(volunteer).post(
            EMAIL, {"email": "sam.new@example.org", "password": "not-it"}
        )
    assert response.status_code == 400
    assert mail.outbox == []


def test_the_account_page_offers_turning_two_factor_off_only_when_it_is_on(
    volunteer, client_for, app_of
):
    client = client_for(volunteer)
    assert "Turn off two-factor sign-in" not in client.get(ACCOUNT).content.decode()
    app_of(volunteer)
    page = client.get(ACCOUNT).content.decode()
    assert f'action="{TWO_FACTOR_OFF}"' in page
    assert "Code from your authenticator app" in page
    assert 'autocomplete="one-time-code"' in page


def test_turning_two_factor_off_needs_the_password_and_a_current_code(
    volunteer, client_for, app_of, django_capture_on_commit_callbacks
):
    device = app_of(volunteer)
    client = client_for(volunteer)
    for wrong in (
        {"password": "not-it", "code": current_code(device)},
        {"password": TEST_PASSWORD, "code": wrong_code(device)},
        {"password": TEST_PASSWORD, "code": "12ab56"},
        {"password": TEST_PASSWORD},
    ):
        device.throttle_reset()
        response = client.post(TWO_FACTOR_OFF, wrong)
        assert response.status_code == 400, wrong
        assert "<title>Error:" in response.content.decode()
        assert TOTPDevice.objects.filter(user=volunteer).count() == 1
    assert mail.outbox == []
    device.throttle_reset()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            TWO_FACTOR_OFF, {"password": TEST_PASSWORD, "code": current_code(device)}
        )
    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert not TOTPDevice.objects.filter(user=volunteer).exists()
    assert ModelLogEntry.objects.filter(action="protect.two_factor_off", user=volunteer).exists()
    assert [message.to for message in mail.outbox] == [["volunteer@example.org"]]
    assert "two-factor sign-in was turned off" in mail.outbox[0].subject
    # Signing in again needs the password only.
    client.logout()
    signed = client.post("/accounts/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert signed.status_code == 302 and int(client.session["_auth_user_id"]) == volunteer.pk


def test_a_role_that_needs_two_factor_cannot_turn_it_off(
    trainer, client_for, app_of, settings, django_capture_on_commit_callbacks
):
    settings.REQUIRE_2FA_FOR_STAFF = True
    device = app_of(trainer)
    client = client_for(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            TWO_FACTOR_OFF, {"password": TEST_PASSWORD, "code": current_code(device)}
        )
    assert response.status_code == 403
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=trainer).exists()
    assert mail.outbox == []


def test_turning_off_what_is_already_off_changes_nothing(volunteer, client_for):
    response = client_for(volunteer).post(
        TWO_FACTOR_OFF, {"password": TEST_PASSWORD, "code": "123456"}
    )
    assert response.status_code == 409
    assert not ModelLogEntry.objects.filter(action="protect.two_factor_off").exists()


def test_turning_two_factor_off_is_post_only_and_needs_a_sign_in(client, volunteer, client_for):
    assert client_for(volunteer).get(TWO_FACTOR_OFF).status_code == 405
    response = client.post(TWO_FACTOR_OFF, {"password": TEST_PASSWORD, "code": "123456"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
