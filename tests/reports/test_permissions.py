"""Who sees which report: managers all, trainers the answer reports, learners and visitors none."""

import pytest
from django.urls import reverse

ANSWER_REPORTS = ["training_reports:item_analysis", "training_reports:scenarios"]
LEARNER_REPORTS = [
    "training_reports:compliance",
    "training_reports:expiry",
    "training_reports:completions",
]
EVERY_REPORT = ANSWER_REPORTS + LEARNER_REPORTS


@pytest.mark.parametrize("name", EVERY_REPORT)
def test_training_manager_sees_every_report(catalogue, client_for, manager, name):
    assert client_for(manager).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ANSWER_REPORTS)
def test_trainer_sees_item_and_scenario_reports(catalogue, client_for, trainer, name):
    assert client_for(trainer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LEARNER_REPORTS)
def test_trainer_cannot_see_learner_records(catalogue, client_for, trainer, name):
    """Wagtail answers a refused admin page by sending people back to the dashboard."""
    for params in ({}, {"export": "csv"}):
        response = client_for(trainer).get(reverse(name), params)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("name", EVERY_REPORT)
@pytest.mark.parametrize("role", ["volunteer", "caseworker"])
def test_learners_see_no_report(catalogue, client_for, request, role, name):
    client = client_for(request.getfixturevalue(role))
    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(name), params)
        assert response.status_code in (302, 403)
        assert b"Download CSV" not in response.content
        assert not response.get("Content-Disposition")


@pytest.mark.parametrize("name", EVERY_REPORT)
def test_anonymous_visitors_are_sent_to_sign_in(catalogue, client, name):
    response = client.get(reverse(name), {"export": "csv"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_reports_menu_shows_each_person_their_reports(catalogue, client_for, manager, trainer):
    manager_html = client_for(manager).get(reverse("wagtailadmin_home")).content.decode()
    trainer_html = client_for(trainer).get(reverse("wagtailadmin_home")).content.decode()
    for url in EVERY_REPORT:
        assert reverse(url) in manager_html
    for url in ANSWER_REPORTS:
        assert reverse(url) in trainer_html
    for url in LEARNER_REPORTS:
        assert reverse(url) not in trainer_html


def test_training_manager_cannot_edit_content(catalogue, client_for, manager):
    """Seeing reports gives no editing rights: the question bank stays closed to managers."""
    response = client_for(manager).get(reverse("question_bank:index"))
    assert response.status_code in (302, 403)
