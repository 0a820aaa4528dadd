"""Sign in, sign out, password change and reset, with our own templates."""

import re

import pytest

from tests.factories.users import TEST_PASSWORD


@pytest.mark.django_db
class TestSignIn:
    def test_sign_in_page_has_labelled_fields(self, client, catalogue):
        body = client.get("/accounts/login/").content.decode()
        assert '<label for="id_username"' in body
        assert '<label for="id_password"' in body
        assert "Forgotten your password?" in body

    def test_sign_in_returns_to_the_page_asked_for(self, client, volunteer, general_module):
        response = client.post(
            "/accounts/login/?next=/general-awareness/",
            {"username": "volunteer", "password": TEST_PASSWORD, "next": "/general-awareness/"},
        )
        assert response.status_code == 302
        assert response.url == "/general-awareness/"

    def test_wrong_password_gets_a_clear_message(self, client, volunteer, catalogue):
        response = client.post("/accounts/login/", {"username": "volunteer", "password": "nope"})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_sign_out_is_a_post(self, client_for, volunteer, catalogue):
        client = client_for(volunteer)
        assert client.get("/accounts/logout/").status_code == 405
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestPasswords:
    def test_password_reset_sends_a_working_link(self, client, volunteer, catalogue, mailoutbox):
        response = client.post("/accounts/password_reset/", {"email": volunteer.email})
        assert response.status_code == 302
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == [volunteer.email]
        link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
        form = client.get(link, follow=True)
        assert "Choose a new password" in form.content.decode()
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a-fresh-passphrase-42", "new_password2": "a-fresh-passphrase-42"},
        )
        assert done.status_code == 302
        volunteer.refresh_from_db()
        assert volunteer.check_password("a-fresh-passphrase-42")

    def test_reset_for_unknown_address_sends_nothing_and_says_the_same(
        self, client, catalogue, mailoutbox
    ):
        response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert mailoutbox == []

    def test_password_change_needs_sign_in(self, client, catalogue):
        response = client.get("/accounts/password_change/")
        assert response.status_code == 302

    def test_password_change_enforces_validators(self, client_for, volunteer, catalogue):
        response = client_for(volunteer).post(
            "/accounts/password_change/",
            {"old_password": TEST_PASSWORD, "new_password1": "123", "new_password2": "123"},
        )
        assert response.status_code == 200
        volunteer.refresh_from_db()
        assert volunteer.check_password(TEST_PASSWORD)
