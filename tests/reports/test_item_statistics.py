"""Item discrimination and quiz reliability: what tells good candidates from weak ones."""

import pytest
from django.urls import reverse

from reports.item_analysis import describe_questions, question_statistics, submitted_responses
from reports.psychometrics import MIN_ANSWERS, discrimination, reliability, scores_by_attempt
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice
from tests.reports.helpers import answer_quiz, pick

URL = reverse("training_reports:item_analysis")


def test_a_question_that_strong_candidates_get_right_discriminates():
    # Ten strong attempts (everything right) and ten weak ones (everything wrong but "easy").
    by_attempt = {}
    for n in range(10):
        by_attempt[n] = {1: 1.0, 2: 1.0, 3: 1.0, "easy": 1.0, "reversed": 0.0}
    for n in range(10, 20):
        by_attempt[n] = {1: 0.0, 2: 0.0, 3: 0.0, "easy": 1.0, "reversed": 1.0}
    found = discrimination(by_attempt)
    assert found[1] == pytest.approx(1.0)
    assert found["reversed"] == pytest.approx(-1.0)
    assert found["easy"] is None  # no variance: nothing to correlate


def test_discrimination_needs_enough_answers():
    by_attempt = {n: {1: float(n % 2), 2: float(n % 2)} for n in range(MIN_ANSWERS - 1)}
    assert discrimination(by_attempt)[1] is None


def test_reliability_is_kr20_for_right_or_wrong_items():
    # Four items; scores chosen by hand. KR-20 = k/(k-1) * (1 - sum(p*q) / var(total)).
    patterns = [(1, 1, 1, 1), (1, 1, 1, 0), (1, 1, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0)] * 4
    by_attempt = {n: dict(enumerate(map(float, p))) for n, p in enumerate(patterns)}
    totals = [sum(p) for p in patterns]
    mean = sum(totals) / len(totals)
    variance = sum((t - mean) ** 2 for t in totals) / len(totals)
    p = [sum(row[i] for row in patterns) / len(patterns) for i in range(4)]
    expected = 4 / 3 * (1 - sum(x * (1 - x) for x in p) / variance)
    assert reliability(by_attempt).alpha == pytest.approx(expected)
    assert reliability(by_attempt).alpha >= 0.79  # a perfect Guttman pattern is highly reliable


def test_reliability_of_random_answers_is_low():
    import random

    rng = random.Random(3)
    by_attempt = {n: {i: float(rng.random() < 0.5) for i in range(10)} for n in range(200)}
    assert reliability(by_attempt).alpha < 0.3


def test_reliability_needs_enough_attempts():
    assert reliability({1: {1: 1.0, 2: 0.0}}).alpha is None


@pytest.fixture
def five_item_quiz(catalogue):
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    questions = [
        single_choice(title=f"Q{n}", right=f"Right {n}", wrong=[f"Wrong {n}", f"Other {n}"])
        for n in range(4)
    ]
    questions.append(single_choice(title="Too easy", right="Easy right", wrong=["Easy wrong"]))
    quiz = build_quiz(module, questions)
    return quiz, questions


@pytest.mark.django_db
def test_the_report_shows_discrimination_reliability_and_flags(client_for, manager, five_item_quiz):
    quiz, questions = five_item_quiz
    easy = questions[-1]
    for n in range(MIN_ANSWERS + 2):
        strong = n % 2 == 0
        answers = {
            q: pick(f"Right {i}" if (strong or i == n % 4) else f"Wrong {i}")
            for i, q in enumerate(questions[:4])
        }
        answers[easy] = pick("Easy right")
        answer_quiz(quiz, answers)
    responses = submitted_responses()
    by_attempt = scores_by_attempt(responses)
    items = {
        item.question_id: item
        for item in describe_questions(
            question_statistics(responses), responses, discrimination(by_attempt)
        )
    }
    assert items[questions[0].pk].discrimination > 0.3
    assert "Nearly everyone gets it right" in items[easy.pk].flag

    client = client_for(manager)
    html = client.get(URL, {"quiz": quiz.pk}).content.decode()
    assert "Discrimination" in html and "Reliability of this quiz" in html
    assert "Nearly everyone gets it right" in html
    assert "Choose a quiz to see its reliability." in client.get(URL).content.decode()
