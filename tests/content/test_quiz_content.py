"""The default quizzes: enough questions of enough types, teaching feedback, loaded once."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.quizzes import read_quiz_files
from modules.models import QuizPage
from quizzes.models import Question

QUIZZES = {q["module"]: q for q in read_quiz_files()}


def test_general_awareness_quiz_has_15_questions_of_4_types():
    quiz = QUIZZES["general-awareness"]
    types = Counter(q["type"] for q in quiz["questions"])
    assert len(quiz["questions"]) >= 15 and len(types) >= 4
    assert quiz["pass_mark"] == 80


def test_caseworker_quiz_covers_5_types_pathway_order_and_consent():
    quiz = QUIZZES["caseworker-training"]
    types = Counter(q["type"] for q in quiz["questions"])
    assert len(quiz["questions"]) >= 15 and len(types) >= 5
    assert quiz["pass_mark"] == 80
    ordering = [q for q in quiz["questions"] if q["type"] == "ordering"]
    assert any("First Responder" in " ".join(q["items"]) for q in ordering)
    assert any("consent" in q["key"] and "child" in q["key"] for q in quiz["questions"])


def test_caseworker_quiz_draws_25_from_a_bank_twice_as_large():
    quiz = QUIZZES["caseworker-training"]
    always = [q for q in quiz["questions"] if q.get("always")]
    pools = Counter(q["category"] for q in quiz["questions"] if not q.get("always"))
    draws = {d["category"]: d["count"] for d in quiz["draws"]}
    assert [q["type"] for q in always] == ["free_text"]
    assert draws.pop("Assessed scenarios: caseworker training") == 3
    assert sum(draws.values()) + 3 + len(always) == 25
    assert set(draws) == set(pools) and all(name.startswith("Caseworker: ") for name in pools)
    assert all(pools[name] >= 2 * count for name, count in draws.items())
    assert sum(pools.values()) >= 44 and quiz["review_policy"] == "explanations"


@pytest.mark.parametrize("module", sorted(QUIZZES))
def test_every_choice_teaches_why(module):
    for question in QUIZZES[module]["questions"]:
        assert question.get("general_feedback_html"), question["key"]
        for choice in question.get("choices", []):
            assert len(choice.get("feedback", "")) > 20, (question["key"], choice["text"])
        if question["type"] == "single_choice":
            assert sum(1 for c in question["choices"] if c["correct"]) == 1, question["key"]


@pytest.mark.django_db
def test_loader_creates_quiz_pages_once(client_for, superuser):
    call_command("load_training_content", stdout=StringIO())
    keys = [q["key"] for quiz in QUIZZES.values() for q in quiz["questions"]]
    english = Question.objects.filter(key__in=keys, locale__language_code="en-gb")
    counts = (english.count(), QuizPage.objects.count())
    everything = Question.objects.count()
    call_command("load_training_content", stdout=StringIO())
    assert (english.count(), QuizPage.objects.count()) == counts
    assert Question.objects.count() == everything  # the Welsh translations are made once too
    expected = len(keys)
    # Two English quizzes, and the general one's Welsh translation (content/translations/cy).
    assert counts == (expected, 3)
    assert QuizPage.objects.filter(locale__language_code="en-gb").count() == 2
    client = client_for(superuser)
    for url in ("/general-awareness/quiz/", "/caseworker-training/quiz/"):
        assert client.get(url).status_code == 200
