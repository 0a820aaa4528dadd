"""Trainers see the assessment quality warnings when they save, and in a report."""

import pytest

from quizzes.models import SingleChoiceQuestion
from tests.factories.questions import build_quiz, true_false
from tests.quizzes.test_question_bank_admin import (
    errors,
    form_data_from_html,
    options,
    single_choice_data,
    url,
)

REPORT_URL = "/admin/training-reports/assessment-quality/"


@pytest.mark.django_db
def test_saving_a_question_shows_its_quality_warnings(client_for, trainer):
    client = client_for(trainer)
    data = single_choice_data(
        "Who can refer into the NRM?",
        options=options(("A First Responder", True), ("All of the above", False)),
    )
    response = client.post(url(SingleChoiceQuestion, "add"), data, follow=True)
    assert response.redirect_chain, errors(response)
    html = response.content.decode()
    assert "Assessment quality:" in html and "All of the above" in html


@pytest.mark.django_db
def test_saving_a_quiz_page_shows_its_quality_warnings(client_for, trainer, quiz_module):
    quiz = build_quiz(
        quiz_module,
        [true_false(title=f"S{n}", answer=False) for n in range(4)],
        slug="quality-quiz",
    )
    client = client_for(trainer)
    edit_url = f"/admin/pages/{quiz.pk}/edit/"
    data = form_data_from_html(client.get(edit_url).content.decode(), "page-edit-form")
    response = client.post(edit_url, data, follow=True)
    html = response.content.decode()
    assert "Assessment quality:" in html
    assert "of the 4 true/false statements are true" in html


@pytest.mark.django_db
def test_the_report_lists_quizzes_odds_and_warnings_for_trainers_only(
    client_for, trainer, volunteer, quiz_module
):
    build_quiz(
        quiz_module,
        [true_false(title=f"S{n}", answer=False) for n in range(4)],
        slug="quality-quiz",
    )
    html = client_for(trainer).get(REPORT_URL).content.decode()
    assert "Chance of passing by guessing" in html
    assert "true/false statements are true" in html
    assert client_for(volunteer).get(REPORT_URL).status_code in (302, 403)
