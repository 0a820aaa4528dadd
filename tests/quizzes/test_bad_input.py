"""Bad input gets a clear message or a 4xx and changes nothing."""

import pytest

from quizzes.models import QuestionResponse, QuizAttempt
from quizzes.tokens import shown_value
from tests.factories import UserFactory
from tests.quizzes.helpers import (
    answer_all,
    answer_data,
    complete_lessons,
    question_url,
    start,
    submit,
)


@pytest.fixture
def attempt_and_client(client_for, volunteer, quiz, quiz_module):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    return start(client, quiz), client


@pytest.mark.django_db
class TestBadAnswers:
    def test_choice_from_another_question_is_refused(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        foreign = shown_value(attempt.questions[1]["options"][0])  # the next question's option
        response = client.post(
            question_url(quiz, attempt, 1), {"choice": foreign, "action": "next"}
        )
        assert response.status_code == 200
        assert "Please correct the answer below." in response.content.decode()
        assert not QuestionResponse.objects.exists()

    @pytest.mark.parametrize("value", ["", "o", "1 OR 1=1", "\x00", "o" + "9" * 500])
    def test_malformed_values_save_nothing_harmful(self, attempt_and_client, quiz, value):
        attempt, client = attempt_and_client
        response = client.post(question_url(quiz, attempt, 1), {"choice": value, "action": "next"})
        assert response.status_code in (200, 302)
        saved = QuestionResponse.objects.first()
        assert saved is None or saved.response == {"choice": None}

    def test_duplicate_positions_in_ordering_are_refused(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        number = next(i for i, q in enumerate(attempt.questions, 1) if q["type"] == "ordering")
        tokens = [shown_value(item) for item in attempt.questions[number - 1]["items"]]
        data = {f"position_{token}": "1" for token in tokens}
        response = client.post(question_url(quiz, attempt, number), data)
        assert "Give each step a different position." in response.content.decode()
        assert not QuestionResponse.objects.exists()

    def test_question_number_outside_the_attempt_is_404(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        assert client.get(question_url(quiz, attempt, 99)).status_code == 404
        assert client.post(question_url(quiz, attempt, 0), {"choice": "x"}).status_code == 404

    def test_free_text_is_sanitised(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        number = next(i for i, q in enumerate(attempt.questions, 1) if q["type"] == "free_text")
        client.post(
            question_url(quiz, attempt, number),
            {"text": "<script>alert(1)</script><b>Safe</b> first", "action": "next"},
        )
        assert QuestionResponse.objects.get().response == {"text": "alert(1)<b>Safe</b> first"}


@pytest.mark.django_db
class TestOtherPeoplesAttempts:
    def test_another_learners_attempt_is_404_and_unchanged(
        self, attempt_and_client, client_for, quiz
    ):
        attempt, _client = attempt_and_client
        intruder = client_for(UserFactory(username="intruder"))
        data = dict(answer_data(attempt.questions[0], right=True), action="next")
        assert intruder.get(question_url(quiz, attempt, 1)).status_code == 404
        assert intruder.post(question_url(quiz, attempt, 1), data).status_code == 404
        assert intruder.post(f"{quiz.url}attempt/{attempt.uuid}/review/").status_code == 404
        assert intruder.get(f"{quiz.url}attempt/{attempt.uuid}/result/").status_code == 404
        attempt.refresh_from_db()
        assert attempt.status == "in_progress" and not QuestionResponse.objects.exists()

    def test_unknown_attempt_is_404(self, attempt_and_client, quiz):
        _attempt, client = attempt_and_client
        url = f"{quiz.url}attempt/00000000-0000-0000-0000-000000000000/1/"
        assert client.get(url).status_code == 404

    def test_volunteer_cannot_use_a_locked_modules_quiz(
        self, client_for, volunteer, catalogue, general_module
    ):
        from learners.roles import Role
        from tests.factories import build_module
        from tests.factories.questions import build_quiz, single_choice

        locked = build_module(catalogue, slug="locked", lessons=1, audience=[Role.CASEWORKER])
        quiz = build_quiz(locked, [single_choice()], requires_lessons=False)
        client = client_for(volunteer)
        assert client.get(quiz.url).status_code == 403
        assert client.post(quiz.url + "start/").status_code == 403
        assert not QuizAttempt.objects.exists()


@pytest.mark.django_db
class TestRepeats:
    def test_second_submission_shows_same_result_and_counts_once(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        answer_all(client, quiz, attempt, right=True)
        first = submit(client, quiz, attempt)
        second = submit(client, quiz, attempt)
        assert first.url == second.url and second.url.endswith("/result/")
        attempt.refresh_from_db()
        assert attempt.score == 100
        assert QuizAttempt.objects.count() == 1

    def test_answer_posted_after_submission_changes_nothing(self, attempt_and_client, quiz):
        attempt, client = attempt_and_client
        answer_all(client, quiz, attempt, right=True)
        submit(client, quiz, attempt)
        data = dict(answer_data(attempt.questions[0], right=False), action="next")
        response = client.post(question_url(quiz, attempt, 1), data)
        assert response.url.endswith("/result/")
        attempt.refresh_from_db()
        assert attempt.score == 100

    def test_double_click_on_start_makes_one_attempt(self, attempt_and_client, quiz):
        _attempt, client = attempt_and_client
        client.post(quiz.url + "start/")
        client.post(quiz.url + "start/")
        assert QuizAttempt.objects.count() == 1
