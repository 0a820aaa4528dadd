"""The rate-limit helper: counts per key in the cache, windows, client addresses, 429s."""

import pytest
import time_machine
from django.test import RequestFactory, override_settings

from elearning import ratelimit


def test_hit_allows_up_to_the_limit_then_refuses():
    results = [ratelimit.hit("k", limit=3, window=60) for _ in range(4)]
    assert [r.count for r in results] == [1, 2, 3, 4]
    assert [r.allowed for r in results] == [True, True, True, False]


def test_keys_are_counted_separately():
    ratelimit.hit("a", limit=1, window=60)
    assert not ratelimit.hit("a", limit=1, window=60).allowed
    assert ratelimit.hit("b", limit=1, window=60).allowed


def test_peek_does_not_count():
    for _ in range(5):
        assert ratelimit.peek("k", limit=1, window=60).allowed
    ratelimit.hit("k", limit=1, window=60)
    assert not ratelimit.peek("k", limit=1, window=60).allowed


def test_reset_forgets_the_key():
    ratelimit.hit("k", limit=1, window=60)
    ratelimit.reset("k")
    assert ratelimit.hit("k", limit=1, window=60).count == 1


def test_window_ends_and_counting_starts_again():
    with time_machine.travel(1_800_000_000, tick=False) as traveller:
        first = ratelimit.hit("k", limit=1, window=60)
        assert first.retry_after == 60
        traveller.shift(30)
        second = ratelimit.hit("k", limit=1, window=60)
        assert not second.allowed
        # Events inside the window do not extend it.
        assert second.retry_after == 30
        assert second.resets_at == first.resets_at
    # The locmem cache expires on the real clock: emulate expiry by resetting.
    ratelimit.reset("k")
    assert ratelimit.hit("k", limit=1, window=60).allowed


def test_any_text_makes_a_key():
    key = "login:account:" + "\x00é" * 400 + "\udcff"
    assert ratelimit.hit(key, limit=1, window=60).count == 1
    assert ratelimit.hit(key, limit=1, window=60).count == 2


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "", False, "203.0.113.9"),
        # Without trust, a client cannot choose its address by sending the header.
        ("203.0.113.9", "198.51.100.1", False, "203.0.113.9"),
        # Behind our proxy: the last entry is the one the proxy wrote.
        ("10.0.0.2", "198.51.100.1, 192.0.2.7", True, "192.0.2.7"),
        ("10.0.0.2", "", True, "10.0.0.2"),
        ("2001:db8:1:2:3:4:5:6", "", False, "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "", False, "192.0.2.1"),
        ("not an address", "", False, "unknown"),
    ],
)
def test_client_ip(remote, forwarded, trusted, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUST_X_FORWARDED_FOR=trusted):
        assert ratelimit.client_ip(request) == expected


@pytest.mark.django_db
def test_too_many_requests_answers_429_with_retry_after(catalogue):
    request = RequestFactory().get("/")
    ratelimit.hit("k", limit=0, window=120)
    result = ratelimit.hit("k", limit=0, window=120)
    response = ratelimit.too_many_requests(request, result, "429.html")
    response.render()
    assert response.status_code == 429
    assert response["Retry-After"] == "120"
