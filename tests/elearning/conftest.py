"""Fixtures for the project-wide mechanisms: a learner reading pages, stamps kept in a cache."""

import pytest


def keep_stamps_in_a_shared_cache(settings):
    """Keep the freshness stamps in a cache too, as production does with Redis; returns it.

    Inside a test case's transaction, which never commits, a write makes the cache forget the
    token (the table may still be rolled back) rather than store the new one: the path that
    stores it after a commit is tested with ``transaction=True`` in ``test_freshness.py``.
    """
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "stamps": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "st"},
    }
    settings.FRESHNESS_STAMP_CACHE_ALIAS = "stamps"
    return caches["stamps"]


@pytest.fixture
def stamp_cache(settings):
    cache = keep_stamps_in_a_shared_cache(settings)
    yield cache
    cache.clear()


def lessons_of(module):
    """The live lessons of ``module``, in order."""
    from modules.models import LessonPage

    return list(LessonPage.objects.live().child_of(module).order_by("path"))


@pytest.fixture
def learner(client_for, volunteer, catalogue):
    """A volunteer's signed-in client that has opened the catalogue once.

    That first visit sets the CSRF cookie, which is part of a page copy's key.
    """
    client = client_for(volunteer)
    assert client.get("/").status_code == 200
    return client


@pytest.fixture(scope="session")
def object_store():
    """moto's S3-compatible server, one per test session (tests/object_store.py)."""
    from tests.object_store import ObjectStoreServer

    server = ObjectStoreServer()
    yield server
    server.stop()


@pytest.fixture
def media_bucket(object_store, settings):
    """Uploads go to a fresh bucket, configured as production configures it; returns its name."""
    from elearning.settings.storage import media_storage

    bucket = object_store.new_bucket()
    storage, origins = media_storage(
        object_store.environment(bucket),
        page_cache_seconds=settings.LEARNER_PAGE_CACHE_SECONDS,
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.CSP_MEDIA_ORIGINS = origins
    return bucket
