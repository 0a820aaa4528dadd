"""
Another learner's records, asked for by id or code: refused (404, so their existence is not
confirmed) and unchanged. Certificates are covered with the certificates app.
"""

import pytest

from modules.models import LessonPage, LessonProgress
from quizzes.models import QuestionResponse
from tests.factories import UserFactory
from tests.quizzes.helpers import answer_all, complete_lessons, question_url, start, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_attempt(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    answer_all(client, quiz, attempt)
    submit(client, quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    return attempt


def attempt_urls(quiz, attempt):
    base = f"{quiz.url}attempt/{attempt.uuid}/"
    return [base + "1/", base + "review/", base + "result/"]


@pytest.mark.parametrize("who", ["other_learner", "trainer", "manager"])
def test_nobody_else_sees_a_submitted_attempt(request, client_for, quiz, submitted_attempt, who):
    # Reviewers may open every module, but a learner's attempt stays the learner's own.
    user = UserFactory(username="other") if who == "other_learner" else request.getfixturevalue(who)
    client = client_for(user)
    for url in attempt_urls(quiz, submitted_attempt):
        assert client.get(url).status_code == 404, url


def test_nobody_else_can_resubmit_or_answer_a_submitted_attempt(
    client_for, quiz, submitted_attempt
):
    before = list(QuestionResponse.objects.values_list("pk", "response", "saved_at"))
    intruder = client_for(UserFactory(username="intruder"))
    assert (
        intruder.post(question_url(quiz, submitted_attempt, 1), {"choice": "x"}).status_code == 404
    )
    review = f"{quiz.url}attempt/{submitted_attempt.uuid}/review/"
    assert intruder.post(review, {"confirm_unanswered": "yes"}).status_code == 404
    assert list(QuestionResponse.objects.values_list("pk", "response", "saved_at")) == before
    score = submitted_attempt.score
    submitted_attempt.refresh_from_db()
    assert submitted_attempt.score == score


def test_attempt_of_one_quiz_cannot_be_opened_through_another_quiz(
    client_for, volunteer, catalogue, quiz, submitted_attempt
):
    from tests.factories import build_module
    from tests.factories.questions import build_quiz, single_choice

    other_module = build_module(catalogue, slug="other-module", lessons=1)
    other_quiz = build_quiz(other_module, [single_choice(title="Other")], requires_lessons=False)
    client = client_for(volunteer)
    for url in attempt_urls(other_quiz, submitted_attempt):
        assert client.get(url).status_code == 404, url


def test_progress_is_only_ever_ones_own(client_for, volunteer, general_module):
    lesson = LessonPage.objects.child_of(general_module).first()
    client_for(volunteer).post(lesson.url, {"action": "complete"})
    other = UserFactory(username="other")
    page = client_for(other).get("/my-training/").content.decode()
    assert "1 of 3 lessons complete" not in page
    assert LessonProgress.objects.filter(enrolment__user=other).count() == 0
    assert LessonProgress.objects.filter(enrolment__user=volunteer).count() == 1
