"""
The learner page cache: a learner's unchanged page is served again, and never once it changed.

Each test reads pages as a learner would and checks what they see after something changed:
their own progress, another learner's, a trainer's publication, a manager's role change, the
date, their session, messages. "Served from the cache" is seen in the query count: a copy
costs the session and the freshness stamps (2 queries) and nothing else, or the session alone
when the stamps are kept in a shared cache too (``FRESHNESS_STAMP_CACHE_ALIAS``): every test
here runs both ways.
"""

import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elearning import freshness
from learners.roles import Role, groups_for_role
from modules import services
from tests.elearning.conftest import keep_stamps_in_a_shared_cache, lessons_of


@pytest.fixture(autouse=True, params=["stamps in the table", "stamps in a shared cache"])
def stamps_where(request, settings):
    """Run each test with the freshness stamps read from their table, then from a cache."""
    if request.param == "stamps in the table":
        yield None
        return
    cache = keep_stamps_in_a_shared_cache(settings)
    yield cache
    cache.clear()


def hit_queries():
    """What a copy costs: the session, and the stamps unless a shared cache keeps them."""
    return 1 if settings.FRESHNESS_STAMP_CACHE_ALIAS else 2


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def warm(client, url):
    """Visit ``url`` until a copy is kept (a client's first visit also sets its CSRF cookie)."""
    client.get(url)
    client.get(url)


@pytest.mark.django_db
class TestServedAgain:
    @pytest.mark.parametrize("page", ["catalogue", "module", "lesson", "my_training"])
    def test_an_unchanged_page_is_served_from_the_cache(self, page, learner, general_module):
        url = {
            "catalogue": "/",
            "module": general_module.url,
            "lesson": lessons_of(general_module)[0].url,
            "my_training": "/my-training/",
        }[page]
        first, cold = get(learner, url)
        again, warm = get(learner, url)
        assert first.status_code == again.status_code == 200
        assert again.content == first.content
        assert cold > hit_queries()
        assert warm == hit_queries()
        assert again["Cache-Control"] == first["Cache-Control"]
        assert "no-store" in again["Cache-Control"]
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]

    def test_a_copy_carries_a_working_csrf_token(self, volunteer, general_module):
        client = Client(enforce_csrf_checks=True)
        client.force_login(volunteer)
        lesson = lessons_of(general_module)[0]
        warm(client, lesson.url)
        copy, queries = get(client, lesson.url)
        assert queries == hit_queries()
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', copy.content).group(1)
        response = client.post(
            lesson.url, {"action": "complete", "csrfmiddlewaretoken": token.decode()}
        )
        assert response.status_code == 302
        enrolment = services.current_enrolment(user=volunteer, module=general_module)
        assert enrolment.lesson_progress.count() == 1

    def test_a_copy_renews_the_csrf_cookie_as_a_built_page_does(self, learner, general_module):
        built = learner.get(general_module.url)
        copy, queries = get(learner, general_module.url)
        assert queries == hit_queries()
        for response in (built, copy):
            cookie = response.cookies["csrftoken"]
            assert cookie.value == learner.cookies["csrftoken"].value
            assert int(cookie["max-age"]) == settings.CSRF_COOKIE_AGE

    def test_learners_never_see_each_others_copies(self, client_for, volunteer, general_module):
        from tests.factories import UserFactory

        other = UserFactory(username="other-volunteer", roles=[Role.VOLUNTEER])
        services.mark_lesson_complete(user=other, lesson=lessons_of(general_module)[0])
        mine, theirs = client_for(volunteer), client_for(other)
        for client in (mine, theirs):
            warm(client, general_module.url)
        my_copy, my_queries = get(mine, general_module.url)
        their_copy, their_queries = get(theirs, general_module.url)
        assert my_queries == their_queries == hit_queries()
        assert my_copy.content.count(b"Completed") == 0
        assert their_copy.content.count(b"Completed") == 1


@pytest.mark.django_db
class TestNeverStale:
    def test_own_progress_shows_at_once(self, learner, volunteer, general_module):
        lesson = lessons_of(general_module)[0]
        get(learner, general_module.url)
        get(learner, lesson.url)
        before, _ = get(learner, general_module.url)
        learner.post(lesson.url, {"action": "complete"})
        after, queries = get(learner, general_module.url)
        assert queries > hit_queries()
        assert after.content != before.content
        assert after.content.count(b"Completed") > before.content.count(b"Completed")

    def test_progress_written_outside_a_request_shows(self, learner, volunteer, general_module):
        get(learner, general_module.url)
        get(learner, general_module.url)
        services.mark_lesson_complete(user=volunteer, lesson=lessons_of(general_module)[0])
        _, queries = get(learner, general_module.url)
        assert queries > hit_queries()

    def test_another_learners_progress_keeps_my_copy(
        self, learner, client_for, caseworker, general_module
    ):
        other = client_for(caseworker)
        get(learner, general_module.url)
        get(learner, general_module.url)
        other.post(lessons_of(general_module)[0].url, {"action": "complete"})
        _, queries = get(learner, general_module.url)
        assert queries == hit_queries()

    def test_a_trainer_publishing_a_lesson_shows(self, learner, general_module):
        lesson = lessons_of(general_module)[0]
        get(learner, lesson.url)
        get(learner, lesson.url)
        lesson.title = "Noticing the signs, revised"
        lesson.save_revision().publish()
        response, _ = get(learner, lesson.url)
        assert b"Noticing the signs, revised" in response.content
        catalogue_page, _ = get(learner, general_module.url)
        assert b"Noticing the signs, revised" in catalogue_page.content

    def test_a_role_change_in_the_admin_shows(
        self, learner, volunteer, caseworker_module, general_module
    ):
        for lesson in lessons_of(general_module):
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
        refused, _ = get(learner, caseworker_module.url)
        assert refused.status_code == 403
        get(learner, "/")
        get(learner, "/")
        volunteer.groups.add(*Group.objects.filter(name__in=groups_for_role(Role.CASEWORKER)))
        opened, _ = get(learner, caseworker_module.url)
        assert opened.status_code == 200
        _, queries = get(learner, "/")
        assert queries > hit_queries()

    def test_a_copy_does_not_load_the_account(self, learner, general_module):
        warm(learner, general_module.url)
        with CaptureQueriesContext(connection) as captured:
            learner.get(general_module.url)
        assert not [q for q in captured if "auth_user" in q["sql"]]

    @pytest.mark.parametrize("change", ["password", "deactivated", "deleted"])
    def test_a_changed_account_gets_no_copy(self, change, learner, volunteer, general_module):
        warm(learner, general_module.url)
        if change == "password":
            volunteer.set_password("a-new-password-2026")
            volunteer.save()
        elif change == "deactivated":
            volunteer.is_active = False
            volunteer.save()
        else:
            volunteer.delete()
        response = learner.get(general_module.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_session_of_another_account_never_gets_this_copy(
        self, client_for, volunteer, staff_member, general_module
    ):
        mine = client_for(volunteer)
        warm(mine, general_module.url)
        theirs = client_for(staff_member)
        theirs.cookies["csrftoken"] = mine.cookies["csrftoken"].value
        response, queries = get(theirs, general_module.url)
        assert queries > hit_queries()
        assert response.wsgi_request.user == staff_member

    def test_a_new_day_builds_the_page_again(self, learner, general_module):
        today = timezone.now()
        with time_machine.travel(today, tick=False):
            get(learner, general_module.url)
            _, queries = get(learner, general_module.url)
            assert queries == hit_queries()
        with time_machine.travel(today + timezone.timedelta(days=1), tick=False):
            _, queries = get(learner, general_module.url)
            assert queries > hit_queries()

    def test_a_message_is_shown_once_and_never_kept(self, learner, general_module):
        lesson = lessons_of(general_module)[0]
        get(learner, lesson.url)
        learner.post(lesson.url, {"action": "complete"})
        following = lessons_of(general_module)[1]
        shown, _ = get(learner, following.url)
        assert b"Lesson marked as complete." in shown.content
        again, _ = get(learner, following.url)
        assert b"Lesson marked as complete." not in again.content
        third, queries = get(learner, following.url)
        assert b"Lesson marked as complete." not in third.content
        assert queries == hit_queries()

    def test_a_rolled_back_write_changes_nothing(self, volunteer, general_module):
        from django.db import transaction

        scope = freshness.learner_scope(volunteer.pk)
        before = freshness.read_tokens(connection, freshness.CONTENT, scope)
        with pytest.raises(RuntimeError), transaction.atomic():
            services.mark_lesson_complete(user=volunteer, lesson=lessons_of(general_module)[0])
            raise RuntimeError("cancelled")
        assert freshness.read_tokens(connection, freshness.CONTENT, scope) == before


@pytest.mark.django_db
class TestNotCached:
    def test_anonymous_visitors_are_sent_to_sign_in(self, general_module):
        client = Client()
        for _ in range(2):
            assert client.get(general_module.url).status_code == 302

    def test_a_locked_module_is_built_each_time(self, learner, caseworker_module):
        get(learner, caseworker_module.url)
        refused, queries = get(learner, caseworker_module.url)
        assert refused.status_code == 403
        assert queries > hit_queries()

    def test_admin_pages_are_never_kept(self, client_for, superuser, general_module):
        admin = client_for(superuser)
        admin.get("/admin/")
        get(admin, "/admin/pages/")
        _, second = get(admin, "/admin/pages/")
        assert second > hit_queries()

    def test_other_views_cost_no_extra_query(self, learner, volunteer):
        _, queries = get(learner, "/healthz")
        assert queries == 1  # SELECT 1 of the health check itself

    def test_a_timed_quiz_question_is_built_each_time(self, client_for, volunteer, catalogue):
        from tests.factories import build_module
        from tests.factories.questions import build_quiz, single_choice
        from tests.quizzes.helpers import complete_lessons, question_url, start

        module = build_module(catalogue, slug="timed", lessons=1)
        quiz = build_quiz(
            module, [single_choice(), single_choice(title="Second")], time_limit_minutes=10
        )
        complete_lessons(volunteer, module)
        client = client_for(volunteer)
        attempt = start(client, quiz)
        url = question_url(quiz, attempt, 1)
        get(client, url)
        _, queries = get(client, url)
        assert queries > hit_queries()

    def test_an_untimed_quiz_question_is_kept_until_answered(self, client_for, volunteer, quiz):
        from modules.models import TrainingModulePage
        from tests.quizzes.helpers import answer_data, complete_lessons, question_url, start

        complete_lessons(volunteer, TrainingModulePage.objects.ancestor_of(quiz).get())
        client = client_for(volunteer)
        attempt = start(client, quiz)
        url = question_url(quiz, attempt, 1)
        warm(client, url)
        _, queries = get(client, url)
        assert queries == hit_queries()
        client.post(url, dict(answer_data(attempt.questions[0], right=True), action="next"))
        answered, queries = get(client, url)
        assert queries > hit_queries()
        assert b"checked" in answered.content or b"selected" in answered.content

    def test_a_cache_outage_still_serves_pages(self, settings, client_for, volunteer, catalogue):
        settings.CACHES = {
            **settings.CACHES,
            "pages": {"BACKEND": "tests.elearning.broken_cache.UnreachableCache"},
        }
        settings.LEARNER_PAGE_CACHE_ALIAS = "pages"
        client = client_for(volunteer)  # a new client builds its middleware with the settings
        for _ in range(3):
            response = client.get("/")
            assert response.status_code == 200
            assert b"Training" in response.content


@pytest.mark.django_db
class TestWorkerMemoryInFrontOfTheSharedCache:
    """``LEARNER_PAGE_CACHE_LOCAL_ALIAS``: recent copies in the worker, the rest shared."""

    @pytest.fixture
    def two_levels(self, settings):
        from django.core.cache import caches

        settings.CACHES = {
            **settings.CACHES,
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "l"},
            "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"},
        }
        settings.LEARNER_PAGE_CACHE_ALIAS = "shared"
        settings.LEARNER_PAGE_CACHE_LOCAL_ALIAS = "local"
        yield caches["local"], caches["shared"]
        caches["local"].clear()
        caches["shared"].clear()

    def test_a_copy_is_kept_in_both_and_served_from_either(
        self, two_levels, client_for, volunteer, general_module
    ):
        local, shared = two_levels
        client = client_for(volunteer)
        client.get("/")
        warm(client, general_module.url)
        first, queries = get(client, general_module.url)
        assert queries == hit_queries()
        local.clear()  # another worker: only the shared cache has the copy
        again, queries = get(client, general_module.url)
        assert queries == hit_queries()
        assert again.content == first.content
        shared.clear()  # the worker that now holds it needs no round trip
        third, queries = get(client, general_module.url)
        assert queries == hit_queries()
        assert third.content == first.content

    def test_a_copy_in_either_is_never_served_after_a_change(
        self, two_levels, client_for, volunteer, general_module
    ):
        client = client_for(volunteer)
        client.get("/")
        lesson = lessons_of(general_module)[0]
        warm(client, general_module.url)
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
        response, queries = get(client, general_module.url)
        assert queries > hit_queries()
        assert response.context["overview"].completed_lesson_ids == {lesson.id}


@pytest.mark.django_db
def test_scenario_practice_in_the_session_shows_at_once(client_for, volunteer, catalogue):
    from tests.factories import build_module
    from tests.factories.questions import scenario
    from tests.modules.test_scenario_practice import practice_lesson, step

    module = build_module(catalogue, slug="general-awareness", lessons=1)
    lesson = practice_lesson(module, scenario())
    scenario_id = lesson.body[1].value["scenario"].pk
    client = client_for(volunteer)
    warm(client, lesson.url)
    _, queries = get(client, lesson.url)
    assert queries == hit_queries()
    step(client, lesson, {"scenario": scenario_id, "stage": "signs", "signs": ["tired"]})
    html = client.get(lesson.url).content.decode()
    assert "OBS-EXPLAIN tired" in html
    client.post(lesson.url, {"action": "practice-restart", "scenario": scenario_id})
    html = client.get(lesson.url).content.decode()
    assert "What do you notice?" in html and "OBS-EXPLAIN tired" not in html
