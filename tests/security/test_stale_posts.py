"""
Posts that arrive out of order: a quiz opened before its lessons, a scenario stage before it was
reached (``tests/quizzes/test_scenarios.py`` covers that one), and a stale quiz page.
"""

import re

import pytest

from quizzes.models import QuestionResponse, QuizAttempt
from tests.quizzes.helpers import answer_data, complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


def test_quiz_posted_before_its_lessons_makes_no_attempt(client_for, volunteer, quiz):
    client = client_for(volunteer)
    response = client.post(quiz.url + "start/")
    assert response.status_code in (302, 403)
    assert not QuizAttempt.objects.exists()
    assert "lesson" in client.get(quiz.url).content.decode().lower()


def test_stale_quiz_page_does_not_overwrite_a_newer_answer(
    client_for, volunteer, quiz_module, quiz
):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    url = question_url(quiz, attempt, 1)
    snapshot = attempt.questions[0]
    stale_page = client.get(url)  # tab A opens the question
    assert stale_page.status_code == 200
    client.post(url, dict(answer_data(snapshot, right=True), action="next"))  # tab B answers
    newer = QuestionResponse.objects.get(attempt=attempt, position=0).response
    # Tab A, still showing the page from before the answer, posts a different one, with
    # whatever hidden fields that page carried.
    hidden = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', stale_page.text)
    )
    hidden.pop("csrfmiddlewaretoken", None)
    client.post(url, {**hidden, **answer_data(snapshot, right=False), "action": "next"})
    assert QuestionResponse.objects.get(attempt=attempt, position=0).response == newer
