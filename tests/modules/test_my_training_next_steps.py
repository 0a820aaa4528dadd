"""``/my-training/`` says what to do next across modules, with dates, and shows each module's
certificate beside it (with its PDF and public check links)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from modules import services
from modules.models import LessonPage
from tests.certificates.helpers import complete_module
from tests.factories import build_module


def page(client):
    response = client.get("/my-training/")
    assert response.status_code == 200
    return response.content.decode()


def next_steps_section(html):
    start = html.index('id="next-steps-title"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_a_new_learner_is_told_to_start_the_module_open_to_them(
    client_for, volunteer, general_module, caseworker_module
):
    section = next_steps_section(page(client_for(volunteer)))
    assert f"Start {general_module.title}" in section
    first_lesson = LessonPage.objects.child_of(general_module).live().first()
    assert f'href="{first_lesson.url}"' in section
    # The caseworker module is not for a volunteer: it is never a next step.
    assert caseworker_module.title not in section


@pytest.mark.django_db
def test_a_module_in_progress_names_the_next_lesson(client_for, volunteer, general_module):
    first, second = list(LessonPage.objects.child_of(general_module).live())[:2]
    services.mark_lesson_complete(user=volunteer, lesson=first)
    section = next_steps_section(page(client_for(volunteer)))
    assert f"Continue {general_module.title}: next is “{second.title}”." in section
    assert f'href="{second.url}"' in section


@pytest.mark.django_db
def test_a_completed_module_shows_its_certificate_and_when_the_refresher_opens(
    client_for, volunteer, general_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete_module(volunteer, general_module)
    html = page(client_for(volunteer))
    section = next_steps_section(html)
    assert "You are up to date: nothing to do now." in section
    opens = certificate.expires_on - datetime.timedelta(days=30)
    assert f"Your next refresher opens on {opens:%-d %B %Y}." in section
    # The certificate card beside the module: status in words, PDF and check links.
    assert "Valid" in html
    assert f'href="/certificates/{certificate.code}/pdf/"' in html
    assert f'href="/certificates/verify/{certificate.code}/"' in html


@pytest.mark.django_db
def test_a_due_refresher_comes_first_with_its_expiry_date(
    client_for, volunteer, general_module, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete_module(volunteer, general_module)
    other = build_module(catalogue, slug="other-module", lessons=2)
    due_day = certificate.expires_on - datetime.timedelta(days=10)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(due_day, datetime.time(12))), tick=False
    ):
        section = next_steps_section(page(client_for(volunteer)))
    refresher = section.index(f"Take the refresher of {general_module.title}")
    assert f"before {certificate.expires_on:%-d %B %Y}" in section
    assert refresher < section.index(f"Start {other.title}")


@pytest.mark.django_db
def test_another_learners_certificate_is_never_shown(
    client_for, volunteer, caseworker, general_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete_module(caseworker, general_module)
    html = page(client_for(volunteer))
    assert certificate.code not in html
    assert certificate.short_code not in html


@pytest.mark.django_db
def test_the_certificate_query_does_not_grow_with_certificates(
    client_for, volunteer, catalogue, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from elearning import freshness

    client = client_for(volunteer)
    modules = [build_module(catalogue, slug=f"m{index}", lessons=1) for index in range(3)]

    def count():
        client.get("/my-training/")
        freshness.bump(connection, freshness.learner_scope(volunteer.pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/my-training/").status_code == 200
        return len(queries)

    with django_capture_on_commit_callbacks(execute=True):
        complete_module(volunteer, modules[0])
    one = count()
    with django_capture_on_commit_callbacks(execute=True):
        complete_module(volunteer, modules[1])
        complete_module(volunteer, modules[2])
    assert count() == one
