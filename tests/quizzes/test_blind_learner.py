"""A learner who has read nothing answers from the page alone, and does not pass.

Each strategy looks only at what a question page sends to the browser: the values of the
inputs (sorted), the order they are shown in, the length of their labels, or "always True" /
"always False". Against the default quizzes and against a quiz built to leak (every right option
created first, so its id sorts first; matching pairs and ordering steps created in their right
order), each scores near what blind guessing gives and none reaches the pass mark, over many
attempts.
"""

import re
import statistics
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from modules import services as module_services
from modules.models import LessonPage, QuizPage
from quizzes import quality
from quizzes.models import QuizAttempt
from tests.factories.questions import (
    build_quiz,
    matching,
    multiple_choice,
    ordering,
    single_choice,
    true_false,
)


class QuestionPage(HTMLParser):
    """The answer inputs of a question form: radios and checkboxes by name, and selects."""

    def __init__(self, html):
        super().__init__()
        self.inputs = {}  # name -> [(value, label)]
        self.selects = {}  # name -> [values]
        self.labels = {}  # id -> text
        self._label_for = None
        self._select = None
        self._ids = {}  # input id -> (name, value)
        self.hidden = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.inputs.setdefault(attrs["name"], []).append(attrs["value"])
            self._ids[attrs.get("id")] = (attrs["name"], attrs["value"])
        elif tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif tag == "label":
            self._label_for = attrs.get("for")
            self.labels[self._label_for] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select and attrs.get("value"):
            self.selects[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._label_for is not None:
            self.labels[self._label_for] += data

    def label(self, name, value):
        for input_id, (n, v) in self._ids.items():
            if n == name and v == value:
                return " ".join(self.labels.get(input_id, "").split())
        return ""


def pick(strategy, page, name, values):
    """The values ``strategy`` would pick among the radios or checkboxes called ``name``."""
    labels = [page.label(name, value) for value in values]
    if strategy == "value_order":
        ranked = sorted(values)
    elif strategy == "position":
        ranked = list(values)
    elif strategy == "length":
        ranked = [v for _l, v in sorted(zip(labels, values, strict=True), key=lambda p: -len(p[0]))]
    else:  # always True / always False; elsewhere the first shown
        wanted = "True" if strategy == "always_true" else "False"
        ranked = [v for label, v in zip(labels, values, strict=True) if label == wanted] or list(
            values
        )
    return ranked[: max(1, len(values) // 2)] if name in ("choices", "signs") else ranked[:1]


def answer(strategy, page):
    data = {}
    for name, values in page.inputs.items():
        chosen = pick(strategy, page, name.split("-")[-1], values)
        data[name] = chosen if name.endswith(("choices", "signs")) else chosen[0]
    positions = sorted(n for n in page.selects if n.startswith("position_"))
    if positions:
        order = sorted(positions) if strategy == "value_order" else positions
        if strategy == "length":
            order = sorted(positions, key=lambda n: -len(page.labels.get(f"id_{n}", "")))
        for number, name in enumerate(order, start=1):
            data[name] = str(number)
    lefts = [n for n in page.selects if n.startswith("match_")]
    for index, name in enumerate(sorted(lefts) if strategy == "value_order" else lefts):
        rights = page.selects[name]
        ranked = sorted(rights) if strategy == "value_order" else rights
        data[name] = ranked[index % len(ranked)]
    if "text" in page.hidden or not data:
        data.setdefault("text", "I am not sure.")
    data.update({k: v for k, v in page.hidden.items() if k != "saved_version"})
    data["saved_version"] = page.hidden.get("saved_version", "new")
    return data


def take_blind(client, quiz, strategy):
    """One attempt answered by ``strategy`` from the pages alone; returns its score (%)."""
    response = client.post(quiz.url + "start/")
    assert response.status_code == 302
    attempt = QuizAttempt.objects.filter(quiz_id=quiz.pk).order_by("-pk").first()
    for number in range(1, len(attempt.questions) + 1):
        url = f"{quiz.url}attempt/{attempt.uuid}/{number}/"
        for _stage in range(12):  # a scenario is answered stage by stage on the same page
            html = client.get(url).content.decode()
            page = QuestionPage(html)
            if not page.inputs and not page.selects and "stage" not in page.hidden:
                break  # a reflective question or a finished scenario
            if "stage" in page.hidden and not page.hidden["stage"]:
                break
            data = answer(strategy, page)
            data["action"] = "next"
            response = client.post(url, data)
            assert response.status_code in (200, 302)
            if response.status_code == 302 and response.url != url:
                break
    client.post(f"{quiz.url}attempt/{attempt.uuid}/review/", {"confirm_unanswered": "yes"})
    attempt.refresh_from_db()
    assert attempt.is_submitted
    return float(attempt.score)


STRATEGIES = ["value_order", "position", "length", "always_true", "always_false"]


def assert_no_strategy_passes(client, quiz, attempts, *, near_chance=("value_order", "position")):
    chance = quality.guessing_odds(quality.bank_of(quiz)).expected_score
    for strategy in STRATEGIES:
        scores = [take_blind(client, quiz, strategy) for _n in range(attempts)]
        assert max(scores) < quiz.pass_mark, (strategy, scores)
        if strategy in near_chance:
            assert abs(statistics.mean(scores) - chance) < 20, (strategy, scores, chance)


def leaky_questions():
    """A quiz written to leak through ids: every right option created first."""
    questions = []
    for n in range(8):
        questions.append(
            single_choice(
                title=f"Leaky single {n}",
                right=f"Option {n}-a",
                wrong=[f"Option {n}-b", f"Option {n}-c", f"Option {n}-d"],
            )
        )
    for n in range(4):
        questions.append(
            multiple_choice(
                title=f"Leaky multiple {n}",
                right=(f"Pick {n}-a", f"Pick {n}-b"),
                wrong=(f"Pick {n}-c", f"Pick {n}-d", f"Pick {n}-e"),
            )
        )
    for n in range(4):
        questions.append(true_false(title=f"Leaky statement {n}", answer=n % 2 == 0))
    questions.append(
        ordering(title="Leaky order", steps=("Step one", "Step two", "Step three", "Step four"))
    )
    questions.append(
        matching(
            title="Leaky match",
            pairs=(
                ("Left a", "Right a"),
                ("Left b", "Right b"),
                ("Left c", "Right c"),
                ("Left d", "Right d"),
            ),
        )
    )
    return questions


@pytest.mark.django_db
def test_a_quiz_built_to_leak_through_ids_cannot_be_passed_from_the_page(
    client_for, volunteer, quiz_module
):
    quiz = build_quiz(
        quiz_module,
        leaky_questions(),
        slug="leaky",
        max_attempts=0,
        shuffle_choices=True,
        shuffle_questions=True,
    )
    for lesson in LessonPage.objects.live().child_of(quiz_module):
        module_services.mark_lesson_complete(user=volunteer, lesson=lesson)
    assert_no_strategy_passes(client_for(volunteer), quiz, attempts=5)


@pytest.mark.django_db
def test_the_default_quizzes_cannot_be_passed_from_the_page(client_for, django_user_model):
    call_command("load_training_content")
    # An administrator may open every module, so prerequisites and audiences do not get in the
    # way; the quiz pages are the same for everyone.
    learner = django_user_model.objects.create_superuser("blind", "blind@example.org", "x")
    client = client_for(learner)
    for quiz in QuizPage.objects.live().specific():
        module = quiz.get_parent().specific
        for lesson in LessonPage.objects.live().child_of(module):
            module_services.mark_lesson_complete(user=learner, lesson=lesson)
        assert_no_strategy_passes(client, quiz, attempts=2)


def test_the_page_parser_reads_labels():
    html = (
        '<input type="radio" name="choice" value="ab12" id="c0">'
        '<label for="c0"> A long label </label>'
    )
    page = QuestionPage(html)
    assert page.inputs == {"choice": ["ab12"]} and page.label("choice", "ab12") == "A long label"
    assert re.fullmatch(r"[0-9a-f]+", "ab12")
