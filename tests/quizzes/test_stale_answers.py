"""A question page carries the version of the answer it shows; an outdated page saves nothing."""

import re

import pytest

from quizzes.models import QuestionResponse
from tests.quizzes.helpers import answer_data, complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


def version_on(page):
    return re.search(r'name="saved_version" value="([^"]*)"', page.text).group(1)


def test_the_current_page_saves_and_a_stale_one_is_told_why(
    client_for, volunteer, quiz_module, quiz
):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    url = question_url(quiz, attempt, 1)
    snapshot = attempt.questions[0]
    first_page = client.get(url)
    assert version_on(first_page) == "new"
    right = dict(answer_data(snapshot, right=True), action="next")
    assert client.post(url, {**right, "saved_version": "new"}).status_code == 302
    saved = QuestionResponse.objects.get(attempt=attempt, position=0)

    # The page as it is now carries the new version and can change the answer.
    current = version_on(client.get(url))
    assert current == saved.saved_at.isoformat()
    wrong = dict(answer_data(snapshot, right=False), action="next")
    client.post(url, {**wrong, "saved_version": current})
    changed = QuestionResponse.objects.get(attempt=attempt, position=0)
    assert changed.response != saved.response

    # The first page, still open in another tab, is refused with a message.
    response = client.post(url, {**right, "saved_version": "new"}, follow=True)
    assert "changed in another tab or window" in response.content.decode()
    assert QuestionResponse.objects.get(attempt=attempt, position=0).response == changed.response
    response = client.post(url, {**right, "saved_version": "garbage"}, follow=True)
    assert QuestionResponse.objects.get(attempt=attempt, position=0).response == changed.response


@pytest.mark.parametrize("expected_version", [None, "new", "saved"])
def test_an_attempt_submitted_after_it_was_read_takes_no_answer(
    client_for, volunteer, quiz_module, quiz, expected_version
):
    """The save's one statement checks the attempt in the database, not the copy read earlier."""
    from quizzes import services
    from quizzes.models import QuizAttempt

    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    right = dict(answer_data(attempt.questions[0], right=True), action="next")
    client.post(question_url(quiz, attempt, 1), {**right, "saved_version": "new"})
    read_before_submit = QuizAttempt.objects.get(pk=attempt.pk)  # still in progress here
    services.submit_attempt(attempt=QuizAttempt.objects.get(pk=attempt.pk))
    graded = QuestionResponse.objects.get(attempt=attempt, position=0)

    version = {"saved": services.response_version(graded), None: None, "new": "new"}
    with pytest.raises(services.AttemptClosed):
        services.save_response(
            attempt=read_before_submit,
            position=1 if expected_version == "new" else 0,
            response=graded.response,
            expected_version=version[expected_version],
        )
    assert QuestionResponse.objects.get(attempt=attempt, position=0).saved_at == graded.saved_at
    assert not QuestionResponse.objects.filter(attempt=attempt, position=1).exists()
