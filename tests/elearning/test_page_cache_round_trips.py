"""
One round trip for a copy: with Redis keeping the sessions and the freshness stamps, the learner
page cache reads the session and both stamps in a single ``get_many``.

Production with ``REDIS_URL`` keeps sessions in Django's ``cached_db`` store and the stamps in
the same cache. Here a local-memory cache stands in for Redis, and the tests count what is
asked of it. The learner's stamp is named by a hint (the account this worker last saw with the
session key); a wrong or missing hint must cost a round trip more, never a wrong page.
"""

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.db import connection
from django.test.utils import CaptureQueriesContext

from elearning import page_cache
from modules import services
from tests.elearning.conftest import keep_stamps_in_a_shared_cache, lessons_of


@pytest.fixture(autouse=True)
def one_cache(settings):
    """Sessions and stamps in the same cache, as in production with Redis."""
    cache = keep_stamps_in_a_shared_cache(settings)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "stamps"
    page_cache.learner_of_session.clear()
    yield cache
    cache.clear()
    page_cache.learner_of_session.clear()


@pytest.fixture
def reads(one_cache, monkeypatch):
    """Every read asked of the cache, as a list of the keys asked for in each."""
    asked = []
    inside_get_many = []  # a local-memory get_many calls get for each key: one read all the same
    get, get_many = one_cache.get, one_cache.get_many

    def counted_get(key, *args, **kwargs):
        if not inside_get_many:
            asked.append([key])
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        asked.append(list(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(one_cache, "get", counted_get)
    monkeypatch.setattr(one_cache, "get_many", counted_get_many)
    return asked


def get(client, url, reads):
    reads.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured), list(reads)


def session_key(client):
    return client.cookies["sessionid"].value


@pytest.mark.django_db
class TestOneRoundTrip:
    def test_a_copy_costs_one_read_of_the_cache_and_no_query(
        self, learner, volunteer, general_module, reads
    ):
        built, _, _ = get(learner, general_module.url, reads)
        copy, queries, asked = get(learner, general_module.url, reads)
        assert copy.content == built.content
        assert queries == 0
        # The session and both stamps in one trip (the copy comes from the page cache).
        assert asked == [
            [
                KEY_PREFIX + session_key(learner),
                "freshness:content",
                f"freshness:learner:{volunteer.pk}",
            ]
        ]

    def test_without_a_hint_the_learners_stamp_costs_one_trip_more(
        self, learner, volunteer, general_module, reads
    ):
        get(learner, general_module.url, reads)
        get(learner, general_module.url, reads)
        page_cache.learner_of_session.clear()  # as in a worker that never saw this session
        copy, queries, asked = get(learner, general_module.url, reads)
        assert copy.status_code == 200
        assert queries == 0
        assert asked == [
            [KEY_PREFIX + session_key(learner), "freshness:content"],
            [f"freshness:learner:{volunteer.pk}"],
        ]
        _, _, asked_next = get(learner, general_module.url, reads)
        assert len(asked_next) == 1  # the hint is back

    def test_a_wrong_hint_never_serves_another_learners_page_or_stamp(
        self, learner, client_for, volunteer, caseworker, general_module, reads
    ):
        other = client_for(caseworker)
        for client in (learner, other):
            get(client, general_module.url, reads)
            get(client, general_module.url, reads)
        services.mark_lesson_complete(user=volunteer, lesson=lessons_of(general_module)[0])
        page_cache.learner_of_session[session_key(learner)] = caseworker.pk
        mine, _, asked = get(learner, general_module.url, reads)
        assert mine.wsgi_request.user == volunteer
        assert mine.content.count(b"Completed") == 1  # my new progress, by my own stamp
        assert f"freshness:learner:{volunteer.pk}" in asked[1]
        assert page_cache.learner_of_session[session_key(learner)] == volunteer.pk

    def test_a_stamp_missing_from_the_cache_is_read_from_the_table_not_asked_again(
        self, learner, volunteer, general_module, one_cache, reads
    ):
        built, _, _ = get(learner, general_module.url, reads)
        get(learner, general_module.url, reads)
        one_cache.delete(f"freshness:learner:{volunteer.pk}")  # expired from the cache
        with CaptureQueriesContext(connection) as captured:
            copy, _, asked = get(learner, general_module.url, reads)
        assert copy.content == built.content
        assert len(asked) == 1  # the one trip; the missing stamp is not asked for twice
        assert len(captured) == 1  # the stamp, from its table
        assert "elearning_freshnessstamp" in captured[0]["sql"]
        assert one_cache.get(f"freshness:learner:{volunteer.pk}") is not None  # added back

    def test_a_session_missing_from_the_cache_is_read_from_the_database(
        self, learner, general_module, one_cache, reads
    ):
        built, _, _ = get(learner, general_module.url, reads)
        get(learner, general_module.url, reads)
        one_cache.delete(KEY_PREFIX + session_key(learner))
        copy, queries, _ = get(learner, general_module.url, reads)
        assert copy.content == built.content
        assert queries == 1  # the session, from its table; the copy still serves
        assert one_cache.get(KEY_PREFIX + session_key(learner)) is not None

    def test_a_signed_out_session_gets_no_copy_though_its_account_is_remembered(
        self, learner, volunteer, general_module, reads
    ):
        get(learner, general_module.url, reads)
        get(learner, general_module.url, reads)
        old_key = session_key(learner)
        assert page_cache.learner_of_session[old_key] == volunteer.pk
        learner.post("/accounts/logout/")
        learner.cookies["sessionid"] = old_key  # the old cookie, replayed
        response, _, _ = get(learner, general_module.url, reads)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_when_the_cache_fails_the_page_is_still_right(
        self, learner, volunteer, general_module, one_cache, monkeypatch
    ):
        services.mark_lesson_complete(user=volunteer, lesson=lessons_of(general_module)[0])
        learner.get(general_module.url)

        def unreachable(*args, **kwargs):
            raise ConnectionError("cache down")

        monkeypatch.setattr(one_cache, "get_many", unreachable)
        response = learner.get(general_module.url)
        assert response.status_code == 200
        assert response.wsgi_request.user == volunteer
        assert response.content.count(b"Completed") == 1
