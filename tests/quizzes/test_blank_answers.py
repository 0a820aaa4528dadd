"""A question left blank does not trap the learner: they move on, and the review lists it."""

import pytest

from tests.quizzes.helpers import complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


def test_saving_a_blank_answer_moves_on_to_the_review(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    response = client.post(question_url(quiz, attempt, 1), {"action": "review"})
    assert response.status_code == 302
    assert response.url.endswith("/review/")
    review = client.get(response.url).content.decode()
    assert "not answered" in review.lower() or "unanswered" in review.lower()


def test_next_skips_a_blank_question(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    response = client.post(question_url(quiz, attempt, 1), {"action": "next"})
    assert response.status_code == 302
    assert response.url == question_url(quiz, attempt, 2)
