"""A learner takes a quiz: locked until the lessons are done, resumed, graded, retried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from modules.models import Enrolment, LessonPage
from modules.overview import ModuleStatus, module_overview
from modules.signals import module_completed
from quizzes.models import QuestionResponse, QuizAttempt, TimeAllowance
from tests.quizzes.helpers import (
    answer_all,
    answer_data,
    complete_lessons,
    question_url,
    start,
    submit,
    take_quiz,
)


@pytest.fixture
def learner_client(client_for, volunteer):
    return client_for(volunteer)


@pytest.mark.django_db
class TestQuizOpensAfterLessons:
    def test_quiz_page_lists_lessons_left_and_start_is_refused(
        self, learner_client, quiz, quiz_module
    ):
        body = learner_client.get(quiz.url).content.decode()
        assert "The quiz opens when every lesson is complete" in body
        assert "You have 2 lessons left" in body
        response = learner_client.post(quiz.url + "start/", follow=True)
        assert "Complete every lesson of the module first." in response.content.decode()
        assert not QuizAttempt.objects.exists()

    def test_trainer_can_switch_the_lesson_rule_off(self, learner_client, quiz):
        quiz.requires_lessons = False
        quiz.save_revision().publish()
        assert start(learner_client, quiz) is not None

    def test_last_lesson_leads_to_the_quiz(self, learner_client, volunteer, quiz, quiz_module):
        lessons = list(LessonPage.objects.live().child_of(quiz_module))
        learner_client.post(lessons[0].url, {"action": "complete"})
        response = learner_client.post(lessons[1].url, {"action": "complete"})
        assert response.url == quiz.url

    def test_start_needs_post(self, learner_client, volunteer, quiz, quiz_module):
        complete_lessons(volunteer, quiz_module)
        assert learner_client.get(quiz.url + "start/").status_code == 405


@pytest.mark.django_db
class TestAttempt:
    @pytest.fixture(autouse=True)
    def _ready(self, volunteer, quiz_module):
        complete_lessons(volunteer, quiz_module)

    def test_start_redirects_to_first_question(self, learner_client, quiz):
        response = learner_client.post(quiz.url + "start/")
        attempt = QuizAttempt.objects.get()
        assert response.url == question_url(quiz, attempt, 1)
        assert attempt.pass_mark == 80 and len(attempt.questions) == 6

    def test_attempt_is_resumed_after_signing_out(self, client_for, volunteer, quiz):
        client = client_for(volunteer)
        attempt = start(client, quiz)
        data = dict(answer_data(attempt.questions[0], right=True), action="next")
        client.post(question_url(quiz, attempt, 1), data)
        client.post("/accounts/logout/")
        client = client_for(volunteer)
        response = client.post(quiz.url + "start/")
        assert QuizAttempt.objects.count() == 1
        assert response.url == question_url(quiz, attempt, 2)  # first unanswered
        page = client.get(question_url(quiz, attempt, 1)).content.decode()
        assert "checked" in page  # the saved answer is shown again

    def test_all_right_passes_and_completes_module_once(
        self, learner_client, volunteer, quiz, quiz_module
    ):
        received = []
        module_completed.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t1")
        try:
            attempt = take_quiz(learner_client, quiz, right=True)
        finally:
            module_completed.disconnect(dispatch_uid="t1")
        assert attempt.status == "submitted"
        assert attempt.score == 100 and attempt.passed
        assert Enrolment.objects.get().completed_at is not None
        assert len(received) == 1
        assert module_overview(volunteer, quiz_module).status == ModuleStatus.COMPLETED
        body = learner_client.get(f"{quiz.url}attempt/{attempt.uuid}/result/").content.decode()
        assert "You passed" in body and "Your score: 100%" in body

    def test_failed_attempt_is_not_completion(self, learner_client, volunteer, quiz, quiz_module):
        attempt = take_quiz(learner_client, quiz, right=False)
        assert attempt.score == 0 and attempt.passed is False
        assert Enrolment.objects.get().completed_at is None
        assert module_overview(volunteer, quiz_module).status == ModuleStatus.IN_PROGRESS
        body = learner_client.get(f"{quiz.url}attempt/{attempt.uuid}/result/").content.decode()
        assert "Not passed this time" in body and "Try again" in body

    def test_fail_then_pass_best_attempt_counts(self, learner_client, quiz):
        first = take_quiz(learner_client, quiz, right=False)
        second = take_quiz(learner_client, quiz, right=True)
        assert (first.number, second.number) == (1, 2)
        body = learner_client.get(quiz.url).content.decode()
        assert "Passed, best score 100%" in body
        assert "Attempt 1" in body and "Attempt 2" in body

    def test_score_counts_only_auto_graded_questions(self, learner_client, quiz):
        # 5 scored questions + 1 reflective; one wrong of five = 80% = the pass mark.
        attempt = start(learner_client, quiz)
        answer_all(learner_client, quiz, attempt, right=True, wrong_positions={0})
        submit(learner_client, quiz, attempt)
        attempt.refresh_from_db()
        assert attempt.score == 80 and attempt.passed

    def test_max_attempts_refuses_another_start(self, learner_client, quiz):
        quiz.max_attempts = 1
        quiz.save_revision().publish()
        take_quiz(learner_client, quiz, right=False)
        response = learner_client.post(quiz.url + "start/", follow=True)
        assert "You have used all 1 attempts at this quiz." in response.content.decode()
        assert QuizAttempt.objects.count() == 1

    def test_unanswered_questions_need_confirmation(self, learner_client, quiz):
        attempt = start(learner_client, quiz)
        response = submit(learner_client, quiz, attempt)
        assert response.status_code == 200
        assert "Some questions have no answer" in response.content.decode()
        attempt.refresh_from_db()
        assert attempt.status == "in_progress"
        submit(learner_client, quiz, attempt, confirm_unanswered="yes")
        attempt.refresh_from_db()
        assert attempt.status == "submitted" and attempt.score == 0


@pytest.mark.django_db
class TestTimeLimit:
    @pytest.fixture(autouse=True)
    def _ready(self, volunteer, quiz_module, quiz):
        complete_lessons(volunteer, quiz_module)
        quiz.time_limit_minutes = 10
        quiz.save_revision().publish()

    def test_deadline_set_with_extra_time(self, learner_client, volunteer, quiz):
        TimeAllowance.objects.create(user=volunteer, extra_minutes=5)
        attempt = start(learner_client, quiz)
        assert attempt.deadline - attempt.started_at == timedelta(minutes=15)
        assert (
            "Time limit: submit by"
            in learner_client.get(question_url(quiz, attempt, 1)).content.decode()
        )

    def test_answer_after_deadline_is_refused_and_attempt_graded_late_on_saved_answers(
        self, learner_client, quiz
    ):
        attempt = start(learner_client, quiz)
        data = dict(answer_data(attempt.questions[0], right=True), action="next")
        learner_client.post(question_url(quiz, attempt, 1), data)
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            deadline=timezone.now() - timedelta(minutes=5)
        )
        data = dict(answer_data(attempt.questions[1], right=True), action="next")
        response = learner_client.post(question_url(quiz, attempt, 2), data)
        assert response.status_code == 302 and response.url.endswith("/result/")
        attempt.refresh_from_db()
        assert attempt.status == "submitted" and attempt.is_late
        assert attempt.score == 20  # the one answer saved in time, of five scored
        assert QuestionResponse.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db
def test_the_question_list_links_every_question_and_says_which_are_answered(
    learner_client, volunteer, quiz, quiz_module
):
    import re

    complete_lessons(volunteer, quiz_module)
    attempt = start(learner_client, quiz)
    total = len(attempt.questions)
    assert total >= 2
    learner_client.post(
        question_url(quiz, attempt, 2),
        dict(answer_data(attempt.questions[1], right=True), action="next"),
    )
    body = learner_client.get(question_url(quiz, attempt, 1)).content.decode()
    nav = body[body.index('class="question-nav"') :]
    links = re.findall(
        r'<li><a href="([^"]+)"[^>]*>(\d+)<span class="visually-hidden"> ([^<]+)</span>', nav
    )
    assert [(href, int(n)) for href, n, _state in links] == [
        (question_url(quiz, attempt, n), n) for n in range(1, total + 1)
    ]
    states = {int(n): state for _href, n, state in links}
    assert states[2] == "(answered)" and states[1] == "(not answered)"
    assert 'aria-current="step">1<' in nav
