"""Hostile sign-in: password guessing per account and per address, the admin's login, sessions."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.factories.users import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_fifth_wrong_password_locks_the_account_with_a_time(client, volunteer, catalogue):
    for _ in range(4):
        response = sign_in(client, "volunteer", "wrong")
        assert "too many" not in response.content.decode().lower()
    body = sign_in(client, "volunteer", "wrong").content.decode()
    assert "too many unsuccessful attempts" in body
    assert "signing in is paused until" in body


def test_locked_account_is_refused_even_with_the_right_password(client, volunteer, catalogue):
    for _ in range(5):
        sign_in(client, "volunteer", "wrong")
    response = sign_in(client, "volunteer", TEST_PASSWORD)
    assert response.status_code == 429
    assert "signing in is paused" in response.content.decode()
    assert signed_in_as(client) is None


def test_lock_applies_from_another_address_and_whatever_the_case(client, volunteer, catalogue):
    for n in range(5):
        sign_in(client, "volunteer", "wrong", address=f"198.51.100.{n}")
    response = sign_in(client, "VOLUNTEER", TEST_PASSWORD, address="192.0.2.200")
    assert "signing in is paused" in response.content.decode()
    assert signed_in_as(client) is None


def test_lock_does_not_touch_other_accounts(client, volunteer, staff_member, catalogue):
    for _ in range(5):
        sign_in(client, "volunteer", "wrong")
    response = sign_in(client, "staffer", TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(staff_member.pk)


def test_success_clears_the_account_counter(client, volunteer, catalogue):
    for _ in range(4):
        sign_in(client, "volunteer", "wrong")
    assert sign_in(client, "volunteer", TEST_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        sign_in(client, "volunteer", "wrong")
    assert sign_in(client, "volunteer", TEST_PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_stopped(client, catalogue, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    victims = [UserFactory(username=f"learner{n}") for n in range(7)]
    for victim in victims[:6]:
        sign_in(client, victim.username, "guess", address="203.0.113.66")
    response = sign_in(client, victims[6].username, TEST_PASSWORD, address="203.0.113.66")
    assert "signing in is paused" in response.content.decode()
    assert signed_in_as(client) is None
    # Someone else, elsewhere, signs in as usual.
    elsewhere = sign_in(client, victims[6].username, TEST_PASSWORD, address="192.0.2.1")
    assert elsewhere.status_code == 302


def test_forged_forwarded_for_does_not_escape_the_address_limit(client, catalogue, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    settings.TRUST_X_FORWARDED_FOR = False
    UserFactory(username="target")
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="203.0.113.70",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "target", "password": TEST_PASSWORD},
        REMOTE_ADDR="203.0.113.70",
        HTTP_X_FORWARDED_FOR="10.9.9.99",
    )
    assert "signing in is paused" in response.content.decode()


def test_admin_login_is_the_rate_limited_sign_in(client, trainer, catalogue):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/pages/"
    # Posting to the admin's address does not sign anyone in by another route.
    response = client.post("/admin/login/", {"username": "trainer", "password": TEST_PASSWORD})
    assert signed_in_as(client) is None
    # The admin sends visitors who are not signed in to our sign-in page.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_signed_in_learner_sent_from_the_admin_is_told_why_without_a_loop(
    client_for, volunteer, catalogue
):
    client = client_for(volunteer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 3
    assert "Your account cannot open that page" in response.content.decode()
    # Without a page to go on to, a signed-in person is simply sent to the catalogue.
    assert client.get("/accounts/login/").url == "/"


def test_admin_login_counts_towards_the_same_lock(client, trainer, catalogue):
    for _ in range(5):
        sign_in(client, "trainer", "wrong")
    response = client.post(
        "/admin/login/", {"username": "trainer", "password": TEST_PASSWORD}, follow=True
    )
    assert signed_in_as(client) is None
    assert response.status_code == 200


def test_overlong_and_null_byte_credentials_are_refused_quietly(client, volunteer, catalogue):
    for username, password in [
        ("volunteer\x00", TEST_PASSWORD),
        ("v" * 10_000, "x"),
        ("volunteer", "p" * 100_000),
    ]:
        response = sign_in(client, username, password)
        assert response.status_code == 200
        assert signed_in_as(client) is None


def test_weak_new_password_is_refused_and_nothing_changes(client_for, volunteer, catalogue):
    for weak in ["password", "12345678", "volunteer1", "short"]:
        response = client_for(volunteer).post(
            "/accounts/password_change/",
            {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak
        assert "field--error" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.check_password(TEST_PASSWORD)


def test_session_ends_with_the_browser_and_after_two_weeks_at_most(client, volunteer, catalogue):
    response = sign_in(client, "volunteer", TEST_PASSWORD)
    cookie = response.cookies["sessionid"]
    # No Expires/Max-Age: the browser forgets the session when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 60 * 60 * 24 * 14
    assert get_user_model().objects.filter(username="volunteer").exists()
