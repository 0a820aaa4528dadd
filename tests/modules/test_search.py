"""``/search/``: Wagtail search across the lessons a learner may open, never others."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.models import LessonPage
from tests.factories import build_module
from tests.factories.pages import LessonPageFactory


def lesson(module, title, summary):
    page = LessonPageFactory(parent=module, slug=title.lower().replace(" ", "-"), title=title)
    page.summary = summary
    page.save_revision().publish()
    return page


@pytest.fixture
def lessons(general_module, caseworker_module):
    return {
        "general": lesson(general_module, "Debt bondage", "When a debt is used to control work."),
        "caseworker": lesson(
            caseworker_module, "Bondage in casework", "Debt bondage seen in a case file."
        ),
    }


@pytest.mark.django_db
def test_search_finds_a_lesson_the_learner_may_open(client_for, volunteer, lessons):
    response = client_for(volunteer).get("/search/", {"q": "bondage"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{lessons["general"].url}"' in html
    assert "When a debt is used to control work." in html
    assert "1 lesson found" in html


@pytest.mark.django_db
def test_search_never_names_a_lesson_of_a_module_not_open_to_the_learner(
    client_for, volunteer, caseworker, lessons
):
    html = client_for(volunteer).get("/search/", {"q": "bondage"}).content.decode()
    assert "Bondage in casework" not in html
    assert lessons["caseworker"].url not in html
    # A caseworker who has not done the prerequisite is locked out too.
    html = client_for(caseworker).get("/search/", {"q": "casework"}).content.decode()
    assert "Bondage in casework" not in html


@pytest.mark.django_db
def test_a_draft_lesson_is_never_found(client_for, volunteer, general_module):
    draft = LessonPageFactory(
        parent=general_module, slug="draft", title="Unpublished forced labour"
    )
    draft.unpublish()
    html = client_for(volunteer).get("/search/", {"q": "unpublished"}).content.decode()
    assert "Unpublished forced labour" not in html
    assert "0 lessons found" in html


@pytest.mark.django_db
def test_search_needs_a_sign_in(client):
    response = client.get("/search/", {"q": "bondage"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_overlong_query_is_refused_with_a_clear_message(client_for, volunteer, lessons):
    response = client_for(volunteer).get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Use at most 200 characters." in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error:" in html


@pytest.mark.django_db
def test_the_empty_form_is_labelled(client_for, volunteer):
    html = client_for(volunteer).get("/search/").content.decode()
    assert '<label for="search-query">' in html
    assert 'role="search"' in html
    assert "found" not in html


@pytest.mark.django_db
def test_search_queries_do_not_grow_with_lessons(client_for, volunteer, catalogue, general_module):
    client = client_for(volunteer)
    client.get("/search/", {"q": "lesson"})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "lesson"}).status_code == 200
        return len(queries)

    few = count()
    for number in range(10):
        lesson(general_module, f"More lesson {number}", "Another lesson.")
    build_module(catalogue, slug="another", lessons=5)
    assert LessonPage.objects.live().count() > 15
    assert count() == few
