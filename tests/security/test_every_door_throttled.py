"""
Every door that takes a secret is throttled by one rule, per account and per address, and the
counts hold across workers (they live in the database, not in a worker's memory).
"""

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.factories.two_factor import current_code, wrong_code
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.5"


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_wagtails_front_end_login_is_not_a_second_door(client, volunteer, catalogue):
    # Before: /_util/login/ was Wagtail's own LoginView, outside the throttle.
    for _ in range(25):
        client.post("/_util/login/", {"username": "volunteer", "password": "wrong"})
    client.post("/_util/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert signed_in_as(client) is None
    response = client.get("/_util/login/?next=/general-awareness/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/general-awareness/"


def test_a_locked_account_is_refused_inside_authenticate_whatever_the_view(
    client, volunteer, catalogue
):
    for _ in range(5):
        client.post(
            "/accounts/login/", {"username": "volunteer", "password": "x"}, REMOTE_ADDR=ADDRESS
        )
    # Any view that calls Django's authenticate(), from any address, meets the same lock.
    request = RequestFactory().post("/anywhere/", REMOTE_ADDR="192.0.2.99")
    assert authenticate(request, username="volunteer", password=TEST_PASSWORD) is None


def test_the_admins_own_password_forms_are_off(client, client_for, trainer, catalogue):
    assert client.get("/admin/password_reset/").status_code == 404
    response = client_for(trainer).get("/admin/account/")
    assert response.status_code == 200
    assert 'name="password-old_password"' not in response.content.decode()


def test_reset_requests_are_throttled_per_email(client, volunteer, catalogue, mailoutbox):
    for _ in range(5):
        response = client.post(
            "/accounts/password_reset/", {"email": volunteer.email}, REMOTE_ADDR=ADDRESS
        )
    assert response.status_code == 429
    response = client.post(
        "/accounts/password_reset/", {"email": volunteer.email}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    assert len(mailoutbox) == 4


def test_reset_requests_do_not_lock_signing_in(client, volunteer, catalogue):
    for _ in range(6):
        client.post("/accounts/password_reset/", {"email": volunteer.email}, REMOTE_ADDR=ADDRESS)
    # A person locked out of signing in is offered a reset, and the reverse does not hold.
    response = client.post("/accounts/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_broken_reset_links_are_throttled_per_address(client, volunteer, catalogue, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        client.get(f"/accounts/reset/MQ/guess-{n}/", REMOTE_ADDR=ADDRESS)
    response = client.get("/accounts/reset/MQ/guess-9/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429
    # The same address is paused at the sign-in door too.
    response = client.post(
        "/accounts/login/",
        {"username": "volunteer", "password": TEST_PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 429


def test_wrong_current_passwords_count_like_wrong_sign_ins(client_for, volunteer, catalogue):
    client = client_for(volunteer)
    for _ in range(5):
        response = client.post(
            "/accounts/password_change/",
            {
                "old_password": "guess",
                "new_password1": "a-Long-new-pass-91",
                "new_password2": "a-Long-new-pass-91",
            },
        )
    assert response.status_code == 429
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-Long-new-pass-91",
            "new_password2": "a-Long-new-pass-91",
        },
    )
    assert response.status_code == 429
    volunteer.refresh_from_db()
    assert volunteer.check_password(TEST_PASSWORD)


def test_wrong_two_factor_codes_lock_the_account(client, trainer, catalogue, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    device = TOTPDevice.objects.create(user=trainer, name="Authenticator app", confirmed=True)
    client.post("/accounts/login/", {"username": "trainer", "password": TEST_PASSWORD})
    for _ in range(5):
        device.throttle_reset()
        response = client.post("/accounts/two-factor/verify/", {"code": wrong_code(device)})
    assert response.status_code == 429
    device.throttle_reset()
    response = client.post("/accounts/two-factor/verify/", {"code": current_code(device)})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302
    # And the password door is closed for that account as well.
    other = Client()
    response = other.post("/accounts/login/", {"username": "trainer", "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_counts_hold_when_the_cache_is_another_workers(client, volunteer, catalogue):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "volunteer", "password": "x"})
    cache.clear()  # a second worker, or a restarted one, has its own memory
    for _ in range(2):
        client.post("/accounts/login/", {"username": "volunteer", "password": "x"})
    cache.clear()
    response = client.post("/accounts/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_success_clears_the_account_but_not_the_address(client, catalogue, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    UserFactory(username="attacker")
    UserFactory(username="victim")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "victim", "password": "guess"})
    assert (
        client.post(
            "/accounts/login/", {"username": "attacker", "password": TEST_PASSWORD}
        ).status_code
        == 302
    )
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "victim", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "victim", "password": TEST_PASSWORD})
    assert response.status_code == 429
