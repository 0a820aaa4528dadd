"""Rendering a quiz and grading a submission cost queries bounded by question types, not count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from elearning import freshness
from quizzes.models import QuizAttempt
from tests.factories import build_module
from tests.factories.questions import build_quiz, matching, multiple_choice, ordering, single_choice
from tests.quizzes.helpers import (
    answer_all,
    answer_data,
    complete_lessons,
    question_url,
    start,
    submit,
)

# submit: this submission completes the module, so it also issues the certificate (+8: the
# learner's name, score and pathway versions frozen, the insert and its savepoints).
# Every write statement is followed by the learner's freshness stamp (elearning/freshness.py):
# submit +6; question +1 for reading the stamps (measured without the learner page cache's copy).
BUDGETS = {"start": 46, "question": 29, "save": 6, "submit": 60, "result": 28}
#: Steps whose count must be exactly the budget. save: session, stamps, the learner's records,
#: the attempt with the answer saved to that question, the upsert, the learner's stamp
#: (tests/elearning/test_request_work.py lists them).
EXACT = {"save"}


def bank(size):
    makers = [single_choice, multiple_choice, ordering, matching]
    return [makers[i % 4](title=f"Q{i}") for i in range(size)]


def measure(client, user, catalogue, size, slug):
    module = build_module(catalogue, slug=slug, lessons=2)
    quiz = build_quiz(module, bank(size))
    complete_lessons(user, module)
    counts = {}
    with CaptureQueriesContext(connection) as q:
        attempt = start(client, quiz)
    counts["start"] = len(q)
    url = question_url(quiz, attempt, 2)
    client.get(url)
    freshness.bump(connection, freshness.learner_scope(user.pk))  # the kept copy is stale
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    counts["question"] = len(q)
    answer_all(client, quiz, attempt, right=True)
    data = dict(answer_data(attempt.questions[1], right=True), action="next")
    with CaptureQueriesContext(connection) as q:
        assert client.post(url, data).status_code == 302
    counts["save"] = len(q)
    with CaptureQueriesContext(connection) as q:
        submit(client, quiz, attempt)
    counts["submit"] = len(q)
    result = f"{quiz.url}attempt/{attempt.uuid}/result/"
    client.get(result)
    with CaptureQueriesContext(connection) as q:
        assert client.get(result).status_code == 200
    counts["result"] = len(q)
    assert QuizAttempt.objects.get(pk=attempt.pk).score == 100
    return counts


@pytest.mark.django_db
def test_quiz_queries_do_not_grow_with_questions(catalogue, client_for, volunteer):
    client = client_for(volunteer)
    measure(client, volunteer, catalogue, 3, "warm-up")  # fills per-process caches first
    small = measure(client, volunteer, catalogue, 5, "small")
    large = measure(client, volunteer, catalogue, 50, "large")
    assert small == large, f"5 questions: {small}; 50 questions: {large}"
    for step, count in large.items():
        assert count <= BUDGETS[step], f"{step}: {count} queries, budget {BUDGETS[step]}"
        assert step not in EXACT or count == BUDGETS[step], f"{step}: {count} queries"
