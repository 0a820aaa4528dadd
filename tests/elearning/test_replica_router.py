"""
Reports and exports read from the replica (elearning/db_routers.py); learners never do.

The ``replica`` alias of the test settings is a second connection to the test database
(``TEST["MIRROR"]``), so each query can be traced to the connection it ran on. The data is
committed (``transaction=True``): the replica connection cannot see another connection's open
transaction, just as a real replica would not.
"""

import csv
import io

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elearning.db_routers import ReplicaRouter, reading_from_replica
from learners.roles import Role
from modules.models import Enrolment, LessonPage
from modules.services import mark_lesson_complete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)

ROUTERS = ["elearning.db_routers.ReplicaRouter"]
COMPLIANCE = reverse("training_reports:compliance")


def enrolment_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "modules_enrolment" in q["sql"]]


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = ROUTERS


@pytest.fixture
def started_learner(general_module):
    learner = UserFactory(username="ngozi", roles=[Role.VOLUNTEER])
    lesson = LessonPage.objects.child_of(general_module).first()
    mark_lesson_complete(user=learner, lesson=lesson)
    return learner


def capture_both():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(
        connections["replica"]
    )


def test_the_compliance_report_reads_from_the_replica(routed, started_learner, client_for, manager):
    client = client_for(manager)
    on_default, on_replica = capture_both()
    with on_default, on_replica:
        response = client.get(COMPLIANCE)
    assert response.status_code == 200
    assert b"ngozi" in response.content
    assert enrolment_queries(on_replica), "the report read no enrolments on the replica"
    assert enrolment_queries(on_default) == []


def test_a_streamed_csv_export_reads_from_the_replica(routed, started_learner, client_for, manager):
    client = client_for(manager)
    on_default, on_replica = capture_both()
    with on_default, on_replica:
        response = client.get(COMPLIANCE, {"export": "csv"}, follow=True)
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode()
    assert "ngozi" in " ".join(" ".join(row) for row in csv.reader(io.StringIO(body)))
    assert enrolment_queries(on_replica)
    assert enrolment_queries(on_default) == []


def test_the_worker_builds_a_queued_export_from_the_replica(
    routed, settings, started_learner, client_for, manager
):
    from elearning.models import SpreadsheetExport
    from elearning.services import build_export

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client_for(manager).get(COMPLIANCE, {"export": "csv"}).status_code == 302
    export = SpreadsheetExport.objects.get()
    on_default, on_replica = capture_both()
    with on_default, on_replica:
        build_export(export.pk)  # what the worker runs, outside any request
    export.refresh_from_db()
    assert export.status == SpreadsheetExport.Status.READY
    assert enrolment_queries(on_replica)
    assert enrolment_queries(on_default) == []


def test_a_learner_reads_and_writes_on_default(routed, general_module, client_for, volunteer):
    lesson = LessonPage.objects.child_of(general_module).first()
    client = client_for(volunteer)
    on_default, on_replica = capture_both()
    with on_default, on_replica:
        assert client.get(general_module.url).status_code == 200
        assert client.get(lesson.url).status_code == 200
    assert on_replica.captured_queries == []
    assert on_default.captured_queries


def test_without_the_router_reports_read_from_default(started_learner, client_for, manager):
    on_default, on_replica = capture_both()
    with on_default, on_replica:
        assert client_for(manager).get(COMPLIANCE).status_code == 200
    assert on_replica.captured_queries == []
    assert enrolment_queries(on_default)


def test_writes_go_to_default_even_inside_the_replica_block(routed, general_module, volunteer):
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Enrolment) == "replica"
        assert ReplicaRouter().db_for_write(Enrolment) == "default"
    assert ReplicaRouter().db_for_read(Enrolment) is None
    assert ReplicaRouter().allow_migrate("replica", "modules") is False


def test_no_replica_alias_means_no_routing(settings, monkeypatch):
    from elearning import db_routers

    monkeypatch.setattr(db_routers, "replica_configured", lambda: False)
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Enrolment) is None
