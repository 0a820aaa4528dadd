"""A CSV import carrying spreadsheet formulas: stored as plain text, exported defused."""

import csv
import io

import pytest
from django.urls import reverse

from learners.importing import apply_import, preview_import
from learners.models import LearnerProfile

pytestmark = pytest.mark.django_db

HOSTILE = (
    "name,email,region,role\n"
    '"=HYPERLINK(""https://evil.example"",""Click"")",eve@example.org,"+cmd|\' /C calc\'!A0",'
    "volunteer\n"
    '"@SUM(1+1)",mal@example.org,"-2+3",volunteer\n'
)


def test_formula_cells_are_imported_as_text_and_exported_escaped(
    general_module, client_for, manager
):
    summary = preview_import(HOSTILE.encode())
    apply_import(summary.rows, invite=False)
    eve = LearnerProfile.objects.get(user__email="eve@example.org")
    assert str(eve).startswith("=HYPERLINK")  # kept as the person typed it
    response = client_for(manager).get(
        reverse("training_reports:compliance"), {"export": "csv"}, follow=True
    )
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
