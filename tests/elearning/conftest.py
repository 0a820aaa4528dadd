"""Fixtures for the project-wide mechanisms: freshness stamps kept in a shared cache."""

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
