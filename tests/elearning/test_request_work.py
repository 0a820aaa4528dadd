"""
The work of the two requests issue 23 counts: a lesson's first view and a quiz answer save.

Counted as the HTTP benchmark (``benchmarks/http_load.py``) drives them, with the learner page
cache on and the content memo warm (what every worker has after its first few requests):

* a lesson's *first view* asks for the lesson with a query string no page reads and that is new
  each time, so the page cache never has a copy and the page is built: the session, the
  freshness stamps, and the learner's records (enrolments with the lessons done, and the quizzes
  passed, in one query). 3 queries.
* an *answer save* posts the answer to a question of the attempt in progress and is redirected
  to the next question: the same three, the attempt with the answer already saved to that
  question (one query), the answer written (one upsert, which also checks the attempt is still
  in progress) and the learner's new freshness stamp. 6 queries.

Neither grows with the number of lessons, questions or other learners. Inside a test case's
transaction, Django writes a nested ``atomic`` block as a savepoint and the stamp at once: the
same number of statements a server sends in autocommit (BEGIN/COMMIT, the stamp after it), so
these counts are the server's.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.roles import Role
from modules import services as module_services
from modules.models import LessonPage
from quizzes.models import QuestionResponse, QuizAttempt
from tests.factories import UserFactory, build_module
from tests.factories.questions import build_quiz, multiple_choice, single_choice
from tests.quizzes.helpers import answer_all, answer_data, complete_lessons, question_url, start

FIRST_VIEW_QUERIES = 3
ANSWER_SAVE_QUERIES = 6


def build_world(catalogue, *, lessons, questions, slug):
    module = build_module(catalogue, slug=slug, lessons=lessons)
    makers = [single_choice, multiple_choice]
    quiz = build_quiz(module, [makers[i % 2](title=f"Q{i}") for i in range(questions)])
    return module, quiz


def other_learners(client_for, module, quiz, count):
    """``count`` learners who did what the measured learner did: their rows must not be read."""
    for n in range(count):
        learner = UserFactory(username=f"other-{module.slug}-{n}", roles=[Role.VOLUNTEER])
        complete_lessons(learner, module)
        client = client_for(learner)
        answer_all(client, quiz, start(client, quiz))


def queries_of(send):
    with CaptureQueriesContext(connection) as captured:
        response = send()
    return response, [query["sql"] for query in captured.captured_queries]


def first_view_queries(client, user, module, view):
    lessons = list(LessonPage.objects.live().child_of(module))
    for lesson in lessons[: len(lessons) // 2]:
        module_services.mark_lesson_complete(user=user, lesson=lesson)
    url = lessons[-1].url
    # The content memo, as on a worker that has served pages: twice, since a site's first
    # request creates its settings row (a change to content).
    client.get(f"{url}?view=warm")
    client.get(f"{url}?view=warm-again")
    response, queries = queries_of(lambda: client.get(f"{url}?view={view}"))
    assert response.status_code == 200
    return queries


def answer_save_queries(client, user, module, quiz):
    complete_lessons(user, module)
    attempt = start(client, quiz)
    url = question_url(quiz, attempt, 1)
    data = dict(answer_data(attempt.questions[0], right=True), action="next")
    assert client.post(url, data).status_code == 302  # the benchmark repeats a saved answer
    response, queries = queries_of(lambda: client.post(url, data))
    assert response.status_code == 302
    assert response["Location"] == question_url(quiz, attempt, 2)
    return queries


@pytest.mark.django_db
def test_a_lesson_first_view_reads_the_session_stamps_and_learner_records(
    catalogue, client_for, volunteer
):
    client = client_for(volunteer)
    module, _quiz = build_world(catalogue, lessons=4, questions=2, slug="small")
    queries = first_view_queries(client, volunteer, module, view=1)

    assert len(queries) == FIRST_VIEW_QUERIES, "\n".join(queries)
    session, stamps, records = queries
    assert "django_session" in session
    assert "elearning_freshnessstamp" in stamps
    assert "modules_enrolment" in records and "UNION ALL" in records
    assert "quizzes_quizattempt" in records


@pytest.mark.django_db
def test_a_lesson_first_view_costs_the_same_with_more_lessons_and_learners(
    catalogue, client_for, volunteer
):
    client = client_for(volunteer)
    small, small_quiz = build_world(catalogue, lessons=3, questions=2, slug="small")
    large, large_quiz = build_world(catalogue, lessons=30, questions=2, slug="large")
    other_learners(client_for, large, large_quiz, 3)

    assert len(first_view_queries(client, volunteer, small, view=1)) == FIRST_VIEW_QUERIES
    assert len(first_view_queries(client, volunteer, large, view=2)) == FIRST_VIEW_QUERIES


@pytest.mark.django_db
def test_an_answer_save_reads_the_attempt_once_and_writes_one_statement(
    catalogue, client_for, volunteer
):
    client = client_for(volunteer)
    module, quiz = build_world(catalogue, lessons=2, questions=3, slug="small")
    queries = answer_save_queries(client, volunteer, module, quiz)

    assert len(queries) == ANSWER_SAVE_QUERIES, "\n".join(queries)
    writes = [q for q in queries if q.startswith(("INSERT", "UPDATE", "DELETE"))]
    reads = [q for q in queries if q not in writes]
    assert len(writes) == 2  # the answer and the learner's freshness stamp
    assert any("quizzes_questionresponse" in q for q in writes)
    # The attempt comes with its saved answer, in one query.
    [attempt_read] = [q for q in reads if "quizzes_questionresponse" in q]
    assert "quizzes_quizattempt" in attempt_read
    assert not [q for q in queries if "SAVEPOINT" in q or "auth_user" in q]
    attempt = QuizAttempt.objects.get(user=volunteer)
    assert QuestionResponse.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db
def test_an_answer_save_costs_the_same_with_more_questions_and_learners(
    catalogue, client_for, volunteer
):
    client = client_for(volunteer)
    small, small_quiz = build_world(catalogue, lessons=2, questions=3, slug="small")
    large, large_quiz = build_world(catalogue, lessons=20, questions=30, slug="large")
    other_learners(client_for, large, large_quiz, 2)

    assert len(answer_save_queries(client, volunteer, small, small_quiz)) == ANSWER_SAVE_QUERIES
    assert len(answer_save_queries(client, volunteer, large, large_quiz)) == ANSWER_SAVE_QUERIES


@pytest.mark.django_db
def test_a_browser_save_with_the_pages_version_costs_the_same(catalogue, client_for, volunteer):
    """A browser posts ``saved_version``: a first answer ("new") and a changed one."""
    client = client_for(volunteer)
    module, quiz = build_world(catalogue, lessons=2, questions=3, slug="small")
    complete_lessons(volunteer, module)
    attempt = start(client, quiz)
    url = question_url(quiz, attempt, 1)
    right = dict(answer_data(attempt.questions[0], right=True), action="next")
    wrong = dict(answer_data(attempt.questions[0], right=False), action="next")
    client.get(url)  # the page the browser posts from (twice: see first_view_queries)
    client.get(url)

    response, queries = queries_of(lambda: client.post(url, {**right, "saved_version": "new"}))
    assert response.status_code == 302 and len(queries) == ANSWER_SAVE_QUERIES, queries
    first = QuestionResponse.objects.get(attempt=attempt, position=0)
    version = client.get(url).context["saved_version"]
    response, queries = queries_of(lambda: client.post(url, {**wrong, "saved_version": version}))
    assert response.status_code == 302 and len(queries) == ANSWER_SAVE_QUERIES, queries
    changed = QuestionResponse.objects.get(attempt=attempt, position=0)
    assert changed.pk == first.pk
    assert changed.response != first.response and changed.saved_at > first.saved_at
