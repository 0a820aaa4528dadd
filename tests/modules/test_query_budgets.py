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

#: Exact counts; what matters most is that 5 and 50 lessons cost the same.
#: A page built again after the learner's own records changed (the usual case: a lesson
#: completed, an answer saved): what depends on content alone is remembered per content version
#: (elearning/content_memo.py: site, route, module lists, footer, lesson text, the account with
#: its groups and their permissions, elearning/permissions.py), so only the learner's own
#: records are read: session, stamps, and the enrolments with the lessons done and the quizzes
#: passed (one query, modules/overview.py). my_training: +2 for the table of earlier completions
#: and the certificates. (tests/elearning/test_request_work.py counts a lesson's first view as
#: the benchmark makes it.)
BUDGETS = {"catalogue": 3, "module": 3, "lesson": 3, "my_training": 5}
#: The same pages built from nothing, after a trainer changed content: every page re-reads the
#: content it shows (and every page +1 for the freshness stamps of the learner page cache).
CONTENT_CHANGED_BUDGETS = {"catalogue": 19, "module": 20, "lesson": 21, "my_training": 18}
#: The same page again, unchanged, from the learner page cache: session and stamps.
COPY_BUDGET = 2


def build_world(catalogue, user, lessons):
    general = build_module(catalogue, slug="general-awareness", lessons=lessons)
    build_quiz(general, [single_choice()])
    build_module(catalogue, slug="caseworker-training", lessons=lessons, prerequisites=[general])
    for lesson in list(LessonPage.objects.live().child_of(general))[: lessons // 2]:
        services.mark_lesson_complete(user=user, lesson=lesson)
    return general


def count_queries(client, url, user, changed=None):
    """Queries to build the page (not a kept copy), after asserting a copy costs only 2.

    ``changed`` is the freshness scope replaced before measuring: the learner's own (their
    records changed) or ``content`` (a trainer published something).
    """
    # Warm what lives beyond one request (site root paths, content types, the content memo);
    # twice, since a site's first request creates its settings row (a change to content).
    client.get(url)
    client.get(url)
    # ... but build the page itself: as after a change, the learner page cache's copy is stale.
    freshness.bump(connection, changed or freshness.learner_scope(user.pk))
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
    assert large == BUDGETS[page], f"{page}: {large} queries, budget {BUDGETS[page]}"


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(CONTENT_CHANGED_BUDGETS))
def test_pages_after_a_content_change_stay_within_budget(page, catalogue, client_for, volunteer):
    client = client_for(volunteer)
    counts = {}
    for lessons in (5, 50):
        for module in catalogue.get_children():
            module.delete()
        general = build_world(catalogue, volunteer, lessons=lessons)
        counts[lessons] = count_queries(
            client, urls(general)[page], volunteer, changed=freshness.CONTENT
        )
    assert counts[5] == counts[50], f"{page}: {counts}"
    budget = CONTENT_CHANGED_BUDGETS[page]
    assert counts[50] == budget, f"{page}: {counts[50]} queries, budget {budget}"
    assert counts[50] > BUDGETS[page], "content is read again after it changed"
