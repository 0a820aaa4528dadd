"""Report pages cost the same number of queries however many learners answered."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from modules.models import Enrolment
from tests.factories import UserFactory
from tests.reports.helpers import answer_quiz, pick, scenario_path


def queries_for(client, url, params=None):
    """Queries of a page, or of an export: the request, its build (tasks run at once here)
    and the download it redirects to."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {}, follow=True)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


#: What an export adds to its report's budget: the export's row written and read back, the
#: build's own look-up of it and of its manager, and the download it redirects to.
EXPORT_QUERIES = 12


def budget(queries, params):
    return queries + (EXPORT_QUERIES if "export" in params else 0)


def add_learners(quiz, questions, count):
    for number in range(count):
        answer_quiz(
            quiz,
            {
                questions["single"]: pick("Any volunteer" if number % 2 else "A First Responder"),
                questions["multiple"]: pick("No ID", "Tired"),
                questions["scenario"]: scenario_path(["passport"], "act.private", "follow.lead"),
            },
        )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("training_reports:item_analysis", {}),
        ("training_reports:item_analysis", {"export": "csv"}),
        ("training_reports:scenarios", {}),
        ("training_reports:scenarios", {"export": "csv"}),
    ],
)
def test_answer_reports_do_not_grow_with_answers(
    report_quiz, questions, client_for, trainer, name, params
):
    client = client_for(trainer)
    url = reverse(name)
    add_learners(report_quiz, questions, 2)
    few = queries_for(client, url, params)
    add_learners(report_quiz, questions, 8)
    assert queries_for(client, url, params) == few
    assert few <= budget(25, params)


def test_scenario_detail_does_not_grow_with_answers(report_quiz, questions, client_for, trainer):
    client = client_for(trainer)
    url = reverse("training_reports:scenario_detail", args=[questions["scenario"].pk])
    add_learners(report_quiz, questions, 2)
    few = queries_for(client, url)
    add_learners(report_quiz, questions, 8)
    assert queries_for(client, url) == few


def test_completions_do_not_grow_with_completions(general_module, client_for, manager):
    client = client_for(manager)
    url = reverse("training_reports:completions")

    def complete(count):
        for _ in range(count):
            Enrolment.objects.create(
                user=UserFactory(),
                module=general_module,
                module_title=general_module.title,
                completed_at=datetime.datetime.now(datetime.UTC),
            )

    complete(2)
    few = queries_for(client, url)
    complete(20)
    assert queries_for(client, url) == few


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("training_reports:compliance", {}),
        ("training_reports:compliance", {"status": "completed", "region": "London"}),
        ("training_reports:compliance", {"export": "csv"}),
        ("training_reports:compliance", {"p": "2"}),
        ("training_reports:expiry", {}),
        ("training_reports:expiry", {"export": "csv"}),
    ],
)
def test_learner_reports_do_not_grow_with_learners(
    general_module, caseworker_module, client_for, manager, name, params
):
    from learners.models import LearnerProfile
    from learners.roles import Role

    def add(count):
        now = datetime.datetime.now(datetime.UTC)
        for number in range(count):
            user = UserFactory(roles=[Role.VOLUNTEER])
            LearnerProfile.objects.filter(user=user).update(region="London")
            Enrolment.objects.create(
                user=user,
                module=general_module,
                module_title=general_module.title,
                completed_at=now if number % 2 else None,
                valid_until=now.date() + datetime.timedelta(days=number),
            )

    client = client_for(manager)
    url = reverse(name)
    # Volunteers only, so every record is in one module's part (a page that spans two modules
    # costs one more query, however many rows each holds).
    add(55)  # two pages of 50
    few = queries_for(client, url, params)
    add(60)
    assert queries_for(client, url, params) == few
    assert few <= budget(30, params)
