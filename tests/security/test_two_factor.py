"""Two-step sign-in for admin accounts: a password alone never opens the admin in production."""

import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.two_factor import current_code, wrong_code
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.REQUIRE_2FA_FOR_STAFF = True


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def confirmed_device_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_admin_account_without_an_app_is_sent_to_set_one_up(client, trainer, catalogue):
    sign_in(client, "trainer")
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fadmin%2Fpages%2F"
    page = client.get(response.url).content.decode()
    assert 'src="data:image/svg+xml' in page
    assert re.search(r'<code class="otp-key">[A-Z2-7 ]{20,}</code>', page)
    assert '<label for="id_code"' in page


def test_setting_up_needs_a_right_code_then_opens_the_admin(client, trainer, catalogue):
    sign_in(client, "trainer")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=trainer)
    assert not device.confirmed
    wrong = client.post(SETUP, {"code": wrong_code(device), "next": "/admin/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    right = client.post(SETUP, {"code": current_code(device), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right.url == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_admin_account_with_an_app_must_type_a_code_after_the_password(client, trainer, catalogue):
    device = confirmed_device_for(trainer)
    sign_in(client, "trainer")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    wrong = wrong_code(device)
    spaced = f"{wrong[:2]} {wrong[2:4]} {wrong[4:]}"  # as some apps show it
    response = client.post(VERIFY, {"code": spaced, "next": "/admin/"})
    assert "That code is not right" in response.content.decode()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_slow_down_guessing(client, trainer, catalogue):
    device = confirmed_device_for(trainer)
    sign_in(client, "trainer")
    client.post(VERIFY, {"code": wrong_code(device)})
    # Straight after a wrong code, even the right one waits.
    response = client.post(VERIFY, {"code": current_code(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(client, client_for, trainer, catalogue):
    device = confirmed_device_for(trainer)
    code = current_code(device)
    sign_in(client, "trainer")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = sign_in(type(client)(), "trainer")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert other.get("/admin/").status_code == 302


def test_a_password_alone_cannot_replace_the_app(client, trainer, catalogue):
    device = confirmed_device_for(trainer)
    sign_in(client, "trainer")
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    client.post(SETUP, {"code": wrong_code(device)})
    assert list(TOTPDevice.objects.filter(user=trainer)) == [device]


def test_verified_person_may_replace_their_app(client, trainer, catalogue):
    old = confirmed_device_for(trainer)
    sign_in(client, "trainer")
    client.post(VERIFY, {"code": current_code(old)})
    page = client.get(SETUP).content.decode()
    assert "the codes from your old app stop working" in page
    new = TOTPDevice.objects.get(user=trainer, confirmed=False)
    client.post(SETUP, {"code": current_code(new)})
    assert list(TOTPDevice.objects.filter(user=trainer)) == [new]


def test_code_page_never_redirects_to_another_site(client, trainer, catalogue):
    device = confirmed_device_for(trainer)
    sign_in(client, "trainer")
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"


@pytest.mark.parametrize("fixture", ["manager", "superuser"])
def test_every_kind_of_admin_account_is_asked(request, client_for, fixture, catalogue):
    user = request.getfixturevalue(fixture)
    response = client_for(user).get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_learners_are_never_asked_for_a_code(client_for, volunteer, caseworker, general_module):
    for user in (volunteer, caseworker):
        client = client_for(user)
        assert client.get("/").status_code == 200
        assert client.get(general_module.url).status_code == 200
        # The admin refuses them as before (no access), without a detour to set up an app.
        response = client.get("/admin/")
        assert not response.get("Location", "").startswith(SETUP)
        assert not TOTPDevice.objects.filter(user=user).exists()


def test_trainers_still_take_their_own_training_without_a_code(client_for, trainer, general_module):
    assert client_for(trainer).get(general_module.url).status_code == 200


def test_off_by_setting(client_for, trainer, catalogue, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    assert client_for(trainer).get("/admin/").status_code == 200


def test_reset_command_removes_a_lost_app(trainer, capsys):
    confirmed_device_for(trainer)
    call_command("reset_two_factor", "trainer")
    assert not TOTPDevice.objects.filter(user=trainer).exists()
    assert "Removed 1" in capsys.readouterr().out


def test_set_up_page_keeps_the_strict_policy(client, trainer, catalogue):
    sign_in(client, "trainer")
    response = client.get(SETUP)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "img-src 'self' data:" in policy  # the QR code is a data: image
    assert response["Cache-Control"].startswith("max-age=0")
