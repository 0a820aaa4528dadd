"""Redis failing never fails a learner: no 500, no stale page, no refused re-save, no lost write.

The caches here are production's (``elearning/settings/redis_caches.py``), pointed at a closed
port (Redis down from the start) or at a proxy the test drops mid-journey (Redis lost while a
learner answers a question, then back). The journey is a learner's whole way through a module:
sign in, lessons, quiz answers saved and saved again, submit, result, certificate and its PDF.
"""

import re
import socket

import pytest
from django.core.cache import caches
from django.test import Client

from certificates.models import Certificate
from elearning import ratelimit
from elearning.models import RateLimitCounter
from elearning.settings.redis_caches import REDIS_CACHE_ALIASES, redis_caches
from modules.models import LessonPage
from quizzes.models import QuestionResponse, QuizAttempt
from tests.elearning.broken_cache import UnreachableCache
from tests.elearning.tcp_proxy import DroppableProxy
from tests.factories.users import TEST_PASSWORD
from tests.quizzes.helpers import answer_data, question_url

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 6


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis_caches(settings, url):
    settings.CACHES = redis_caches(url, timeout=0.3)
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "elearning.cache"
    for name, value in REDIS_CACHE_ALIASES.items():
        setattr(settings, name, value)


def redis_answers():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def saved_version(response):
    return re.search(r'name="saved_version" value="([^"]*)"', response.content.decode()).group(1)


class Journey:
    """One learner through a module over HTTP, remembering every status code it met."""

    def __init__(self, user, module, quiz):
        self.user, self.module, self.quiz = user, module, quiz
        self.client = Client()
        self.statuses = []

    def get(self, url):
        return self._note(url, self.client.get(url))

    def post(self, url, data=None):
        return self._note(url, self.client.post(url, data or {}))

    def _note(self, url, response):
        self.statuses.append((url, response.status_code))
        assert response.status_code < 500, (url, response.status_code)
        return response

    def sign_in(self):
        response = self.post(
            "/accounts/login/", {"username": self.user.username, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, response.content.decode()[:300]
        assert self.get("/").status_code == 200

    def read_lessons(self):
        assert self.get(self.module.url).status_code == 200
        for lesson in LessonPage.objects.live().child_of(self.module).order_by("path"):
            assert self.get(lesson.url).status_code == 200
            assert self.get(lesson.url).status_code == 200  # the kept copy
            assert self.post(lesson.url, {"action": "complete"}).status_code == 302

    def start_quiz(self):
        assert self.post(self.quiz.url + "start/").status_code == 302
        self.attempt = QuizAttempt.objects.filter(quiz_id=self.quiz.pk).order_by("-pk").first()
        return self.attempt

    def answer(self, position, *, right=True):
        """Save an answer from the page as shown, then check the page shows what was saved."""
        url = question_url(self.quiz, self.attempt, position + 1)
        page = self.get(url)
        assert page.status_code == 200
        data = dict(answer_data(self.attempt.questions[position], right=right), action="next")
        response = self.post(url, {**data, "saved_version": saved_version(page)})
        assert response.status_code == 302
        saved = QuestionResponse.objects.get(attempt=self.attempt, position=position)
        return saved

    def assert_page_shows(self, position, saved):
        """The question page is the current one: it carries the version just saved."""
        url = question_url(self.quiz, self.attempt, position + 1)
        assert saved_version(self.get(url)) == saved.saved_at.isoformat()

    def submit_and_get_certificate(self):
        attempt_url = f"{self.quiz.url}attempt/{self.attempt.uuid}/"
        assert self.post(attempt_url + "review/").status_code == 302
        assert self.get(attempt_url + "result/").status_code == 200
        certificate = Certificate.objects.get(user=self.user)
        assert certificate.code in self.get("/certificates/").content.decode()
        pdf = self.get(f"/certificates/{certificate.code}/pdf/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        return certificate


def whole_journey(journey, *, around_first_answer=None):
    journey.sign_in()
    journey.read_lessons()
    journey.start_quiz()
    for position in range(len(journey.attempt.questions)):
        journey.answer(position)
    # The first answer changed: saved again from the page as it is now.
    url = question_url(journey.quiz, journey.attempt, 1)
    journey.get(url)
    journey.get(url)  # a copy of this page is kept (in Redis while it answers)
    if around_first_answer is not None:
        around_first_answer.before()
    changed = journey.answer(0, right=False)
    if around_first_answer is not None:
        around_first_answer.after()
    journey.assert_page_shows(0, changed)
    again = journey.answer(0, right=True)
    assert again.saved_at > changed.saved_at  # the re-save was not refused
    journey.assert_page_shows(0, again)
    return journey.submit_and_get_certificate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learner_goes_the_whole_way_with_redis_down(settings, volunteer, quiz_module, quiz):
    use_redis_caches(settings, f"redis://127.0.0.1:{closed_port()}/0")
    journey = Journey(volunteer, quiz_module, quiz)
    certificate = whole_journey(journey)
    assert certificate.module_id == quiz_module.pk
    assert QuestionResponse.objects.filter(attempt=journey.attempt).count() == len(
        journey.attempt.questions
    )
    assert all(status < 500 for _url, status in journey.statuses)


class RedisLost:
    """Redis dropped (by the proxy) before a step and back after it."""

    def __init__(self, proxy):
        self.proxy = proxy

    def before(self):
        self.proxy.drop()

    def after(self):
        self.proxy.restore()


@pytest.fixture
def redis_proxy():
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_HOST}:{REDIS_PORT}")
    proxy = DroppableProxy(REDIS_HOST, REDIS_PORT)
    yield proxy
    proxy.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_lost_mid_journey_serves_no_stale_page_and_refuses_no_re_save(
    settings, volunteer, quiz_module, quiz, redis_proxy
):
    use_redis_caches(settings, redis_proxy.url(REDIS_DB))
    caches["rate_limits"].clear()  # Redis DB 6 belongs to these tests
    journey = Journey(volunteer, quiz_module, quiz)
    whole_journey(journey, around_first_answer=RedisLost(redis_proxy))
    # Redis was really used: the learner's page copies are in it.
    assert caches["default"].keys("learner-page:*")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_copy_kept_before_an_outage_is_not_served_after_it(
    settings, volunteer, quiz_module, quiz, redis_proxy
):
    """The copy from before the save is still in Redis when it returns; its key is stale."""
    use_redis_caches(settings, redis_proxy.url(REDIS_DB))
    caches["default"].clear()
    journey = Journey(volunteer, quiz_module, quiz)
    journey.sign_in()
    journey.read_lessons()
    journey.start_quiz()
    url = question_url(quiz, journey.attempt, 1)
    journey.get(url)
    journey.get(url)
    copies = set(caches["default"].keys("learner-page:*"))
    redis_proxy.drop()
    saved = journey.answer(0)
    redis_proxy.restore()
    assert set(caches["default"].keys("learner-page:*")) >= copies  # the old copy is still there
    journey.assert_page_shows(0, saved)


@pytest.mark.django_db
class TestRateLimitsWithoutTheirCache:
    @pytest.fixture(autouse=True)
    def _unreachable(self, settings):
        settings.CACHES = {
            **settings.CACHES,
            "down": {"BACKEND": "tests.elearning.broken_cache.UnreachableCache"},
        }
        settings.RATELIMIT_CACHE_ALIAS = "down"
        assert isinstance(caches["down"], UnreachableCache)

    def test_the_limit_still_holds_counted_in_the_database(self, caplog):
        results = [ratelimit.hit("verify:10.0.0.1", limit=2, window=60) for _ in range(3)]
        assert [r.allowed for r in results] == [True, True, False]
        assert [r.count for r in results] == [1, 2, 3]
        assert RateLimitCounter.objects.get().count == 3
        assert "Rate-limit cache unavailable" in caplog.text

    def test_keys_are_counted_apart_and_peek_counts_nothing(self):
        ratelimit.hit("a", limit=1, window=60)
        assert not ratelimit.peek("a", limit=1, window=60).allowed
        assert ratelimit.peek("b", limit=1, window=60).allowed
        assert RateLimitCounter.objects.count() == 1

    def test_an_expired_window_starts_again(self):
        ratelimit.hit("a", limit=1, window=60)
        RateLimitCounter.objects.update(resets_at=0)
        result = ratelimit.hit("a", limit=1, window=60)
        assert result.allowed and result.count == 1

    def test_reset_forgets_the_database_count(self):
        ratelimit.hit("a", limit=1, window=60)
        ratelimit.reset("a")
        assert ratelimit.hit("a", limit=1, window=60).allowed

    def test_counting_changes_no_freshness_stamp(self):
        from elearning.models import FreshnessStamp

        before = list(FreshnessStamp.objects.values_list("name", "token"))
        ratelimit.hit("a", limit=1, window=60)
        assert list(FreshnessStamp.objects.values_list("name", "token")) == before


def test_the_certificate_check_limit_holds_with_redis_down(settings, client, db):
    use_redis_caches(settings, f"redis://127.0.0.1:{closed_port()}/0")
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = (2, 600)
    statuses = [client.get("/certificates/verify/?code=ABCD").status_code for _ in range(3)]
    assert statuses[-1] == 429, statuses
    assert all(status < 500 for status in statuses)
