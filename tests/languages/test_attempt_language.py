"""An attempt keeps the language it was taken in, whatever language the learner finishes in."""

import pytest

from quizzes.models import QuizAttempt
from tests.quizzes.helpers import answer_all, complete_lessons, submit


def start_in(client, quiz, prefix):
    response = client.post(prefix + quiz.url + "start/")
    assert response.status_code == 302, response
    return QuizAttempt.objects.filter(quiz_id=quiz.pk).order_by("-pk").first()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, language", [("", "en-gb"), ("/cy", "cy"), ("/ar", "ar")])
def test_attempt_records_the_language_of_the_address_it_was_started_at(
    prefix, language, client_for, volunteer, quiz, quiz_module
):
    complete_lessons(volunteer, quiz_module)
    attempt = start_in(client_for(volunteer), quiz, prefix)
    assert attempt.language == language


@pytest.mark.django_db
def test_attempt_resumed_in_another_language_keeps_its_own(
    client_for, volunteer, quiz, quiz_module
):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start_in(client, quiz, "/cy")
    # The learner switches to English half way and finishes there.
    assert start_in(client, quiz, "") == attempt
    answer_all(client, quiz, attempt)
    submit(client, quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.language == "cy"
    assert QuizAttempt.objects.count() == 1
