"""The session store (elearning/sessions.py) reads sessions exactly as Django's database store."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from elearning.sessions import SessionStore


@pytest.mark.django_db
class TestSessionStore:
    def test_it_reads_what_django_wrote_and_the_other_way_round(self):
        django_session = DjangoStore()
        django_session["step"] = 3
        django_session.create()
        assert SessionStore(django_session.session_key)["step"] == 3

        ours = SessionStore()
        ours["practice"] = {"stage": 2}
        ours.save()
        assert DjangoStore(ours.session_key)["practice"] == {"stage": 2}

    def test_an_expired_session_is_empty_and_gets_a_new_key(self):
        store = SessionStore()
        store["_auth_user_id"] = "7"
        store.save()
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
        expired = SessionStore(store.session_key)
        assert expired.get("_auth_user_id") is None
        assert expired.session_key is None

    def test_an_unknown_key_is_empty(self):
        unknown = SessionStore("x" * 32)
        assert dict(unknown.items()) == {}
        assert unknown.session_key is None

    def test_signing_in_and_out_works_over_http(self, client, volunteer, settings):
        settings.SESSION_ENGINE = "elearning.sessions"
        volunteer.set_password("a-long-password-2026")
        volunteer.save()
        response = client.post(
            "/accounts/login/", {"username": "volunteer", "password": "a-long-password-2026"}
        )
        assert response.status_code == 302
        assert client.get("/my-training/").wsgi_request.user == volunteer
        client.post("/accounts/logout/")
        assert client.get("/my-training/").status_code == 302
