"""Uniqueness rules of the quiz engine are database constraints; duplicates raise."""

import pytest
from django.db import IntegrityError, transaction

from quizzes.models import QuestionCategory, QuestionResponse, QuizAttempt, TimeAllowance
from tests.factories.questions import single_choice


def attempt(user, quiz_page, **kw):
    values = {
        "user": user,
        "quiz": quiz_page,
        "quiz_title": "Q",
        "pass_mark": 80,
        "review_policy": "score",
        "max_attempts": 0,
    }
    values.update(kw)
    return QuizAttempt.objects.create(**values)


@pytest.mark.django_db
def test_one_attempt_in_progress_per_learner_quiz_and_cycle(volunteer, quiz):
    attempt(volunteer, quiz, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        attempt(volunteer, quiz, number=2)


@pytest.mark.django_db
def test_attempt_numbers_are_unique(volunteer, quiz):
    from django.utils import timezone

    attempt(volunteer, quiz, number=1, status="submitted", submitted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        attempt(volunteer, quiz, number=1, status="submitted", submitted_at=timezone.now())


@pytest.mark.django_db
def test_submitted_attempt_needs_a_date_and_pass_mark_is_a_percentage(volunteer, quiz):
    with pytest.raises(IntegrityError), transaction.atomic():
        attempt(volunteer, quiz, status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        attempt(volunteer, quiz, pass_mark=101)


@pytest.mark.django_db
def test_one_response_per_question_position(volunteer, quiz):
    a = attempt(volunteer, quiz)
    QuestionResponse.objects.create(attempt=a, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionResponse.objects.create(attempt=a, position=0)


@pytest.mark.django_db
def test_question_keys_and_category_names_are_unique():
    single_choice(key="consent")
    with pytest.raises(IntegrityError), transaction.atomic():
        single_choice(key="consent")
    single_choice(key="")
    single_choice(key="")  # blank keys are allowed many times
    QuestionCategory.objects.create(name="Consent")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionCategory.objects.create(name="Consent")


@pytest.mark.django_db
def test_one_time_allowance_per_learner_and_quiz(volunteer, quiz):
    TimeAllowance.objects.create(user=volunteer, quiz=quiz, extra_minutes=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeAllowance.objects.create(user=volunteer, quiz=quiz, extra_minutes=10)
    TimeAllowance.objects.create(user=volunteer, extra_minutes=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeAllowance.objects.create(user=volunteer, extra_minutes=10)


@pytest.mark.django_db
def test_questions_can_name_the_indicators_they_test():
    from tests.content.pathway_builders import build_indicator

    question = single_choice(key="ids")
    indicator = build_indicator("documents-held")
    question.indicators.add(indicator)
    assert list(question.indicators.all()) == [indicator]
