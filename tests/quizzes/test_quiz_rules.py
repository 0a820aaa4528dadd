"""Quiz rules a trainer sets: random draws, shuffling and what learners see afterwards."""

import random

import pytest

from modules.models import QuizRandomDraw
from quizzes import services
from quizzes.models import ReviewPolicy
from tests.factories import build_module
from tests.factories.questions import build_quiz, category, single_choice, true_false
from tests.quizzes.helpers import complete_lessons, take_quiz


@pytest.mark.django_db
def test_random_draw_takes_n_questions_from_the_category_afresh_each_attempt(volunteer, catalogue):
    signs = category("Signs")
    pool = [single_choice(title=f"Sign {i}", category=signs) for i in range(8)]
    single_choice(title="Other topic")  # not in the category: never drawn
    module = build_module(catalogue, slug="drawn", lessons=1)
    quiz = build_quiz(module, [])
    quiz.random_draws = [QuizRandomDraw(category=signs, count=3)]
    quiz.save_revision().publish()
    definition = quiz.definition()

    drawn = []
    for seed in range(4):
        attempt, _ = services.start_attempt(
            user=volunteer, definition=definition, cycle=seed + 1, rng=random.Random(seed)
        )
        titles = {q["title"] for q in attempt.questions}
        assert len(titles) == 3 and titles <= {q.title for q in pool}
        drawn.append(frozenset(titles))
    assert len(set(drawn)) > 1  # not the same three every time


@pytest.mark.django_db
def test_fixed_questions_are_not_drawn_again(volunteer, catalogue):
    signs = category("Signs")
    fixed = single_choice(title="Fixed", category=signs)
    single_choice(title="Other", category=signs)
    module = build_module(catalogue, slug="mixed", lessons=1)
    quiz = build_quiz(module, [fixed])
    quiz.random_draws = [QuizRandomDraw(category=signs, count=5)]
    quiz.save_revision().publish()
    attempt, _ = services.start_attempt(user=volunteer, definition=quiz.definition())
    assert sorted(q["title"] for q in attempt.questions) == ["Fixed", "Other"]


@pytest.mark.django_db
def test_shuffled_questions_keep_a_fixed_order_within_one_attempt(volunteer, catalogue):
    module = build_module(catalogue, slug="shuffled", lessons=1)
    quiz = build_quiz(
        module, [single_choice(title=f"Q{i}") for i in range(6)], shuffle_questions=True
    )
    orders = set()
    for seed in range(5):
        attempt, _ = services.start_attempt(
            user=volunteer, definition=quiz.definition(), cycle=seed + 1, rng=random.Random(seed)
        )
        orders.add(tuple(q["title"] for q in attempt.questions))
        attempt.refresh_from_db()
        assert tuple(q["title"] for q in attempt.questions) in orders
    assert len(orders) > 1


def result(client, quiz, attempt):
    return client.get(f"{quiz.url}attempt/{attempt.uuid}/result/").content.decode()


@pytest.fixture
def policy_quiz(catalogue, volunteer):
    module = build_module(catalogue, slug="policy", lessons=1)
    quiz = build_quiz(
        module, [single_choice(general_feedback="<p>GENERAL-FEEDBACK the idea</p>"), true_false()]
    )
    complete_lessons(volunteer, module)
    return quiz


def set_policy(quiz, policy, **extra):
    quiz.review_policy = policy
    for name, value in extra.items():
        setattr(quiz, name, value)
    quiz.save_revision().publish()


@pytest.mark.django_db
class TestReviewPolicy:
    def test_score_only_shows_no_answers(self, client_for, volunteer, policy_quiz):
        set_policy(policy_quiz, ReviewPolicy.SCORE_ONLY)
        client = client_for(volunteer)
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=False))
        assert "Your score: 0%" in html
        assert "Your answers" not in html and "WRONG-FEEDBACK" not in html

    def test_correctness_shows_right_or_wrong_but_no_feedback(
        self, client_for, volunteer, policy_quiz
    ):
        set_policy(policy_quiz, ReviewPolicy.CORRECTNESS)
        client = client_for(volunteer)
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=False))
        assert "Question 1: not right" in html
        assert "WRONG-FEEDBACK" not in html and "The right answer" not in html

    def test_feedback_policy_shows_feedback_on_chosen_options(
        self, client_for, volunteer, policy_quiz
    ):
        set_policy(policy_quiz, ReviewPolicy.FEEDBACK)
        client = client_for(volunteer)
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=False))
        assert "WRONG-FEEDBACK" in html and "The right answer" not in html

    def test_right_answers_only_once_passed(self, client_for, volunteer, policy_quiz):
        set_policy(policy_quiz, ReviewPolicy.ANSWERS_WHEN_DONE)
        client = client_for(volunteer)
        failed = take_quiz(client, policy_quiz, right=False)
        assert "The right answer" not in result(client, policy_quiz, failed)
        passed = take_quiz(client, policy_quiz, right=True)
        assert "The right answer" in result(client, policy_quiz, passed)

    def test_explanations_teach_the_idea_without_handing_over_a_key(
        self, client_for, volunteer, policy_quiz
    ):
        set_policy(policy_quiz, ReviewPolicy.EXPLANATIONS, max_attempts=2)
        client = client_for(volunteer)
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=False))
        assert "Question 1: not right" in html
        assert "GENERAL-FEEDBACK" in html  # the idea behind the question
        assert "WRONG-FEEDBACK" not in html and "The right answer" not in html
        assert "Correct answers are shown once you pass" in html
        # Even out of attempts, a failed learner gets no key; passing shows every answer.
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=False))
        assert "The right answer" not in html

    def test_explanations_show_every_answer_once_passed(self, client_for, volunteer, policy_quiz):
        set_policy(policy_quiz, ReviewPolicy.EXPLANATIONS)
        client = client_for(volunteer)
        html = result(client, policy_quiz, take_quiz(client, policy_quiz, right=True))
        assert "The right answer" in html and "RIGHT-FEEDBACK" in html

    def test_right_answers_once_out_of_attempts(self, client_for, volunteer, policy_quiz):
        set_policy(policy_quiz, ReviewPolicy.ANSWERS_WHEN_DONE, max_attempts=2)
        client = client_for(volunteer)
        first = take_quiz(client, policy_quiz, right=False)
        assert "The right answer" not in result(client, policy_quiz, first)
        second = take_quiz(client, policy_quiz, right=False)
        html = result(client, policy_quiz, second)
        assert "The right answer" in html
        assert "You have used every attempt" in html


@pytest.mark.django_db
def test_trainer_previews_the_quiz_questions_without_answers(client_for, trainer, policy_quiz):
    from django.urls import reverse

    client = client_for(trainer)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(policy_quiz.id,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Who refers into the NRM?" in html and "A First Responder" in html
    assert "RIGHT-FEEDBACK" not in html and "WRONG-FEEDBACK" not in html
