"""Expiry into refreshers: "refresher due" on the learner's pages, and a fresh new cycle."""

import datetime

import pytest
import time_machine

from certificates.models import Certificate
from modules import services as module_services
from modules.models import Enrolment, LessonProgress
from tests.certificates.helpers import complete_module
from tests.factories.questions import build_quiz, single_choice
from tests.quizzes.helpers import complete_lessons, take_quiz

pytestmark = pytest.mark.django_db


def refresher_url(module):
    return f"/my-training/refresher/{module.pk}/"


def test_completed_modules_are_not_due_until_the_window(certificate, client_for, volunteer):
    html = client_for(volunteer).get("/my-training/").content.decode()
    assert "Refresher due" not in html
    assert "Start the refresher" not in html
    assert client_for(volunteer).post(refresher_url(certificate.module)).status_code == 302
    assert Enrolment.objects.filter(user=volunteer).count() == 1  # nothing to refresh yet


@pytest.mark.parametrize("days_before", [30, 1, 0, -40])
def test_refresher_due_shows_on_dashboard_catalogue_and_module(
    certificate, client_for, volunteer, days_before
):
    with time_machine.travel(certificate.expires_on - datetime.timedelta(days=days_before)):
        client = client_for(volunteer)  # signed in then: sessions last two weeks at most
        for url in ("/my-training/", "/", certificate.module.url):
            html = client.get(url).content.decode()
            assert "Refresher due" in html, url
            assert "Start the refresher" in html, url
        if days_before <= 0:
            assert "expired on" in client.get("/my-training/").content.decode()


def test_starting_a_refresher_opens_a_fresh_cycle_and_keeps_history(
    certificate, client_for, volunteer
):
    module = certificate.module
    with time_machine.travel(certificate.expires_on - datetime.timedelta(days=5)):
        client = client_for(volunteer)
        response = client.post(refresher_url(module))
        assert response.status_code == 302
        client.post(refresher_url(module))  # a second click changes nothing
        cycles = list(Enrolment.objects.filter(user=volunteer, module=module).order_by("cycle"))
        assert [e.cycle for e in cycles] == [1, 2]
        assert cycles[1].completed_at is None
        assert not LessonProgress.objects.filter(enrolment=cycles[1]).exists()
        html = client.get("/my-training/").content.decode()
        assert "Refresher" in html and "0% complete" in html
        assert "Earlier completions" in html
        # The earlier certificate stays visible (and valid until its date).
        assert certificate.short_code in client.get("/certificates/").content.decode()
        # Completing the new cycle issues the cycle-2 certificate.
        complete_lessons(volunteer, module)
    assert Certificate.objects.filter(user=volunteer, module=module).count() == 2
    assert Certificate.objects.get(user=volunteer, module=module, cycle=2).expires_on > (
        certificate.expires_on
    )


def test_a_refresher_quiz_starts_with_fresh_attempts(catalogue, volunteer, client_for):
    from tests.factories import build_module

    module = build_module(catalogue, slug="with-quiz", lessons=1)
    quiz = build_quiz(module, [single_choice()], max_attempts=2)
    client = client_for(volunteer)
    complete_lessons(volunteer, module)
    take_quiz(client, quiz, right=False)
    take_quiz(client, quiz, right=True)  # second and last attempt in cycle 1
    first = Certificate.objects.get(user=volunteer)
    with time_machine.travel(first.expires_on):
        client = client_for(volunteer)
        client.post(refresher_url(module))
        complete_lessons(volunteer, module)
        attempt = take_quiz(client, quiz, right=True)
        assert attempt.cycle == 2 and attempt.number == 1
    assert Certificate.objects.filter(user=volunteer, cycle=2).exists()


def test_locked_modules_cannot_be_refreshed(client_for, volunteer, caseworker_module):
    response = client_for(volunteer).post(refresher_url(caseworker_module))
    assert response.status_code == 302
    assert not Enrolment.objects.filter(user=volunteer, module=caseworker_module).exists()


def test_a_refresher_needs_a_post(certificate, client_for, volunteer):
    assert client_for(volunteer).get(refresher_url(certificate.module)).status_code == 405


def test_trainers_can_request_a_refresher(certificate, client_for, volunteer):
    module_services.request_refresher(enrolments=[certificate.enrolment], reason="New number")
    html = client_for(volunteer).get(certificate.module.url).content.decode()
    assert "Refresher due" in html and "New number" in html


def test_the_prerequisite_stays_met_while_refreshing(
    volunteer, caseworker, general_module, caseworker_module, client_for
):
    complete_module(caseworker, general_module)
    enrolment = Enrolment.objects.get(user=caseworker, module=general_module)
    with time_machine.travel(enrolment.valid_until):
        client_for(caseworker).post(refresher_url(general_module))
        assert client_for(caseworker).get(caseworker_module.url).status_code == 200
