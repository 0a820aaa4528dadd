"""Concurrent submissions of one attempt produce exactly one graded result (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from modules.models import Enrolment
from modules.signals import module_completed
from quizzes import services
from quizzes.models import QuizAttempt
from quizzes.signals import attempt_graded
from tests.quizzes.helpers import answer_all, complete_lessons, start

# Transactional tests flush the database; serialized_rollback restores what Wagtail's migrations
# created (the root page, the default locale) for the tests that follow.
pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="real concurrency needs PostgreSQL; SQLite serialises writers",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_submissions_grade_once(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    answer_all(client, quiz, attempt, right=True)

    graded, completed, errors = [], [], []
    attempt_graded.connect(lambda **kw: graded.append(kw), weak=False, dispatch_uid="race-g")
    module_completed.connect(lambda **kw: completed.append(kw), weak=False, dispatch_uid="race-c")
    barrier = threading.Barrier(6)

    def submit_in_thread():
        try:
            barrier.wait()
            services.submit_attempt(attempt=QuizAttempt.objects.get(pk=attempt.pk))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit_in_thread) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        attempt_graded.disconnect(dispatch_uid="race-g")
        module_completed.disconnect(dispatch_uid="race-c")

    assert errors == []
    assert len(graded) == 1
    assert len(completed) == 1
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 100
    assert Enrolment.objects.get().completed_at is not None


def test_concurrent_starts_make_one_attempt(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    definition = quiz.definition()
    barrier = threading.Barrier(5)
    errors = []

    def start_in_thread():
        try:
            barrier.wait()
            services.start_attempt(user=volunteer, definition=definition, cycle=1)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start_in_thread) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert QuizAttempt.objects.count() == 1
