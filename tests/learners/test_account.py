"""The learner's own account page, /my-account/: settings, email, two-factor, their own data."""

import json

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from learners.models import LearnerProfile
from tests.factories import UserFactory
from tests.factories.two_factor import current_code, wrong_code
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = "/my-account/"
EMAIL = "/my-account/email/"
MY_DATA = "/my-account/my-data/"


def settings_post(**changes):
    data = {
        "display_name": "Sam Q. Learner",
        "preferred_language": "en-gb",
        "refresher_reminders": "on",
    }
    data.update(changes)
    return data


def test_the_account_page_needs_a_sign_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_account_page_shows_every_part_with_labels(volunteer, client_for):
    page = client_for(volunteer).get(ACCOUNT).content.decode()
    for label in (
        "Name on certificates",
        "Preferred language",
        "New email address",
        "Your current password",
    ):
        assert label in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'href="/accounts/password_change/"' in page
    assert 'href="/accounts/two-factor/setup/?next=/my-account/"' in page
    assert f'href="{MY_DATA}"' in page


def test_saving_settings_changes_the_profile_sets_the_language_and_is_audited(
    volunteer, client_for
):
    response = client_for(volunteer).post(ACCOUNT, settings_post(refresher_reminders=""))
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user=volunteer)
    assert profile.display_name == "Sam Q. Learner"
    assert profile.name == "Sam Q. Learner"
    assert profile.refresher_reminders is False
    assert response.cookies["django_language"].value == "en-gb"
    entry = ModelLogEntry.objects.get(action="protect.update_account")
    assert entry.user_id == volunteer.pk
    assert entry.data == {"changed": ["display_name", "refresher_reminders"]}
    assert "Sam Q." not in json.dumps(entry.data)


def test_a_language_the_site_does_not_offer_is_refused_and_nothing_changes(volunteer, client_for):
    response = client_for(volunteer).post(ACCOUNT, settings_post(preferred_language="xx"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "<title>Error:" in page
    assert LearnerProfile.objects.get(user=volunteer).display_name == ""
    assert not ModelLogEntry.objects.filter(action="protect.update_account").exists()


def test_a_name_too_long_is_refused(volunteer, client_for):
    response = client_for(volunteer).post(ACCOUNT, settings_post(display_name="x" * 201))
    assert response.status_code == 400
    assert LearnerProfile.objects.get(user=volunteer).display_name == ""


def test_posting_without_the_csrf_token_is_refused(volunteer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    assert client.post(ACCOUNT, settings_post()).status_code == 403
    assert LearnerProfile.objects.get(user=volunteer).display_name == ""


def test_changing_email_needs_the_current_password(volunteer, client_for):
    client = client_for(volunteer)
    wrong = client.post(EMAIL, {"email": "new@example.org", "password": "not-it"})
    assert wrong.status_code == 400
    assert "That is not your current password." in wrong.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.email == "volunteer@example.org"
    right = client.post(EMAIL, {"email": "New@Example.org", "password": TEST_PASSWORD})
    assert right.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.email == "new@example.org"
    assert ModelLogEntry.objects.filter(action="protect.change_email", user=volunteer).exists()


def test_an_account_that_signs_in_with_its_email_signs_in_with_the_new_one(client):
    user = UserFactory(username="sam@example.org", email="sam@example.org")
    client.force_login(user)
    response = client.post(EMAIL, {"email": "sam@new.example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    client.logout()
    signed = client.post(
        "/accounts/login/", {"username": "sam@new.example.org", "password": TEST_PASSWORD}
    )
    assert signed.status_code == 302


def test_an_email_another_account_uses_is_refused(volunteer, staff_member, client_for):
    response = client_for(volunteer).post(
        EMAIL, {"email": staff_member.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert "Another account uses this email address." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.email == "volunteer@example.org"


def test_email_change_is_post_only(volunteer, client_for):
    assert client_for(volunteer).get(EMAIL).status_code == 405


def test_download_my_data_is_the_privacy_export_of_my_account_only(
    volunteer, staff_member, client_for
):
    response = client_for(volunteer).get(MY_DATA, {"user": staff_member.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "protect-training-learner-data"
    assert data["account"]["id"] == volunteer.pk
    assert staff_member.email not in response.content.decode()
    entry = ModelLogEntry.objects.get(action="protect.export_learner")
    assert entry.user_id == volunteer.pk


def test_a_learner_with_two_factor_on_is_asked_for_a_code_after_the_password(
    client, volunteer, catalogue
):
    device = TOTPDevice.objects.create(user=volunteer, name="Authenticator app", confirmed=True)
    response = client.post(
        "/accounts/login/?next=/my-account/",
        {"username": "volunteer", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/accounts/two-factor/sign-in/"
    # The password alone has signed nobody in.
    assert client.get(ACCOUNT).status_code == 302
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/two-factor/sign-in/", {"code": wrong_code(device)})
    assert wrong.status_code == 400
    assert "_auth_user_id" not in client.session
    device.throttle_reset()
    right = client.post("/accounts/two-factor/sign-in/", {"code": current_code(device)})
    assert right.status_code == 302
    assert right.url == "/my-account/"
    assert client.get(ACCOUNT).status_code == 200


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client):
    response = client.get("/accounts/two-factor/sign-in/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/"


def test_a_learner_without_two_factor_is_signed_in_by_the_password(client, volunteer):
    response = client.post("/accounts/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == volunteer.pk
    assert get_user_model().objects.get(pk=volunteer.pk).last_login is not None
