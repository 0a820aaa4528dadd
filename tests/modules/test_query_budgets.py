"""
Query budgets for learner pages: the count must not grow with the number of lessons.

Each test builds the same page with 5 and with 50 lessons (half of them completed) and asserts
that both cost the same number of queries, and no more than the budget.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from elearning import freshness
from modules import services
from modules.models import LessonPage
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice

#: Generous but fixed ceilings; what matters most is that 5 and 50 lessons cost the same.
# my_training: +1 for the table of earlier completions (refresher history). Every page: +1 for
# the freshness stamps read by the learner page cache (elearning/page_cache.py).
BUDGETS = {"catalogue": 21, "module": 22, "lesson": 25, "my_training": 19}
#: The same page again, unchanged, from the learner page cache: session, account, stamps.
COPY_BUDGET = 3


def build_world(catalogue, user, lessons):
    general = build_module(catalogue, slug="general-awareness", lessons=lessons)
    build_quiz(general, [single_choice()])
    build_module(catalogue, slug="caseworker-training", lessons=lessons, prerequisites=[general])
    for lesson in list(LessonPage.objects.live().child_of(general))[: lessons // 2]:
        services.mark_lesson_complete(user=user, lesson=lesson)
    return general


def count_queries(client, url, user):
    """Queries to build the page (not a kept copy), after asserting a copy costs only 3."""
    client.get(url)  # warm caches that live beyond one request (site root, content types)
    # ... but build the page itself: as after a change, the learner page cache's copy is stale.
    freshness.bump(connection, freshness.learner_scope(user.pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as copy:
        assert client.get(url).content == response.content
    assert len(copy) == COPY_BUDGET, f"{url}: a kept copy cost {len(copy)} queries"
    return len(captured)


def urls(general):
    lesson = LessonPage.objects.live().child_of(general).last()
    return {
        "catalogue": "/",
        "module": general.url,
        "lesson": lesson.url,
        "my_training": "/my-training/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_learner_page_queries_do_not_grow_with_lessons(
    page, catalogue, client_for, volunteer, django_db_blocker
):
    client = client_for(volunteer)
    general = build_world(catalogue, volunteer, lessons=5)
    small = count_queries(client, urls(general)[page], volunteer)

    for module in catalogue.get_children():
        module.delete()
    from modules.models import Enrolment

    Enrolment.objects.all().delete()
    general = build_world(catalogue, volunteer, lessons=50)
    large = count_queries(client, urls(general)[page], volunteer)

    assert small == large, f"{page}: {small} queries with 5 lessons, {large} with 50"
    assert large <= BUDGETS[page], f"{page}: {large} queries, budget {BUDGETS[page]}"
