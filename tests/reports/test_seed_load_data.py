"""``seed_load_data``: benchmark learners with graded attempts, refused on a real site."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from certificates.models import Certificate
from learners.models import LearnerProfile
from modules.models import Enrolment
from quizzes.models import QuestionResponse, QuizAttempt
from quizzes.services import question_class

LOAD_USERS = {"username__startswith": "load-"}


def seed(count, **options):
    call_command("seed_load_data", learners=count, i_know_this_is_not_production=True, **options)


def test_refuses_without_debug_or_the_explicit_flag(report_quiz, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_load_data", learners=3)
    assert not get_user_model().objects.filter(**LOAD_USERS).exists()


def test_runs_with_debug(report_quiz, settings):
    settings.DEBUG = True
    call_command("seed_load_data", learners=2)
    assert get_user_model().objects.filter(**LOAD_USERS).count() == 2


def test_needs_the_training_content(db):
    with pytest.raises(CommandError, match="load_training_content"):
        seed(2)


def test_creates_learners_with_realistic_graded_records(report_quiz):
    seed(40, batch_size=15)
    users = get_user_model().objects.filter(**LOAD_USERS)
    assert users.count() == 40
    profiles = LearnerProfile.objects.filter(user__in=users)
    assert profiles.count() == 40
    assert profiles.exclude(region="").count() == 40
    assert all(user.groups.exists() for user in users)

    enrolments = Enrolment.objects.filter(user__in=users)
    completed = enrolments.filter(completed_at__isnull=False)
    assert completed.exists() and enrolments.filter(completed_at__isnull=True).exists()
    assert not completed.filter(valid_until__isnull=True).exists()  # modules last 12 months

    attempts = QuizAttempt.objects.filter(user__in=users)
    assert attempts.filter(passed=True).exists()
    for attempt in attempts[:20]:
        responses = {r.position: r for r in attempt.responses.all()}
        assert len(responses) == len(attempt.questions)
        for position, snapshot in enumerate(attempt.questions):
            saved = responses[position]
            grade = question_class(snapshot).grade(snapshot, saved.response)
            assert saved.score == grade.score  # graded by the question type itself
    # Every completed cycle has a passed attempt and a certificate.
    for enrolment in completed:
        assert attempts.filter(user=enrolment.user, cycle=enrolment.cycle, passed=True).exists()
    assert Certificate.objects.filter(user__in=users).count() == completed.count()
    assert QuestionResponse.objects.filter(attempt__in=attempts).exists()


def test_running_again_adds_more_learners(report_quiz):
    seed(3)
    seed(2)
    assert get_user_model().objects.filter(**LOAD_USERS).count() == 5


def test_rejects_a_count_below_one(report_quiz):
    with pytest.raises(CommandError, match="at least 1"):
        seed(0)
