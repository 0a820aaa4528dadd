"""``/healthz`` reports the database, cache, storage and task queue as JSON: 200 when all work,
503 when one fails (and says which)."""

import datetime

import pytest
from django.utils import timezone

HEALTHY = {
    "status": "ok",
    "database": "ok",
    "cache": "ok",
    "storage": "ok",
    "queue": "ok",
    "queue_age_seconds": None,
}


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == HEALTHY
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_storage_probe_leaves_no_file(client, settings):
    from pathlib import Path

    assert client.get("/healthz").status_code == 200
    assert list(Path(settings.MEDIA_ROOT).glob("healthz/*")) == []


@pytest.mark.django_db
def test_cache_failure_answers_503(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**HEALTHY, "status": "unavailable", "cache": "unavailable"}


@pytest.mark.django_db
def test_storage_failure_answers_503(client, monkeypatch):
    from django.core.files.storage import default_storage

    def broken(*args, **kwargs):
        raise PermissionError("bucket refuses writes")

    monkeypatch.setattr(default_storage, "save", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**HEALTHY, "status": "unavailable", "storage": "unavailable"}


@pytest.mark.django_db
def test_database_failure_answers_503(client, monkeypatch):
    from elearning import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["queue"] == "unavailable"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTHZ_MAX_QUEUE_AGE_SECONDS = 300


@pytest.mark.django_db
def test_queue_age_is_reported_and_a_stuck_queue_answers_503(client, database_queue):
    from django_tasks_db.models import DBTaskResult

    from elearning.emails import send_test_email

    assert client.get("/healthz").json()["queue_age_seconds"] == 0.0
    send_test_email.enqueue("someone@example.org")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=100))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert 100 <= response.json()["queue_age_seconds"] < 110

    # No worker for ten minutes: the oldest email has waited too long.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "unavailable"
    assert response.json()["queue_age_seconds"] >= 600


def test_post_is_not_allowed(client):
    assert client.post("/healthz").status_code == 405
