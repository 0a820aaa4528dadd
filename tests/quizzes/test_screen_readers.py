"""What a screen reader hears on question pages: the question names its answer group, errors
are tied to their fields and announced, and the page title says "Error:" first."""

import re

import pytest

from tests.factories import build_module
from tests.factories.questions import build_quiz, ordering, single_choice
from tests.quizzes.helpers import complete_lessons, question_url, start, token_of


@pytest.fixture
def quiz(catalogue, volunteer):
    module = build_module(catalogue, slug="heard", lessons=1)
    quiz = build_quiz(
        module, [single_choice(title="Who refers?"), ordering()], shuffle_questions=False
    )
    complete_lessons(volunteer, module)
    return quiz


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.mark.django_db
class TestAnswerGroups:
    def test_choice_group_is_named_by_the_question_and_its_legend(
        self, client_for, volunteer, quiz
    ):
        client = client_for(volunteer)
        attempt = start(client, quiz)
        html = client.get(question_url(quiz, attempt, 1)).content.decode()
        assert 'id="question-prompt"' in html
        fieldset = re.search(r'<fieldset class="answer"[^>]*>', html).group(0)
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', fieldset).group(1).split()
        assert labelled_by[0] == "question-prompt"
        assert f'<legend class="answer__legend" id="{labelled_by[1]}">Choose one answer' in html
        assert not title(html).startswith("Error:")

    def test_ordering_group_is_named_by_the_question(self, client_for, volunteer, quiz):
        client = client_for(volunteer)
        attempt = start(client, quiz)
        html = client.get(question_url(quiz, attempt, 2)).content.decode()
        assert 'aria-labelledby="question-prompt ordering-legend"' in html


@pytest.mark.django_db
class TestErrors:
    def test_ordering_error_is_announced_and_tied_to_every_field(self, client_for, volunteer, quiz):
        client = client_for(volunteer)
        attempt = start(client, quiz)
        snapshot = attempt.questions[1]
        tokens = [token_of(snapshot["items"], item["key"]) for item in snapshot["items"]]
        response = client.post(
            question_url(quiz, attempt, 2),
            {**{f"position_{token}": "1" for token in tokens}, "action": "next"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert title(html).startswith("Error: ")
        assert '<div id="answer-errors" role="alert">' in html
        assert "Give each step a different position." in html
        selects = re.findall(r"<select[^>]*>", html)
        assert len(selects) == len(tokens)
        for select in selects:
            assert 'aria-invalid="true"' in select
            assert 'aria-describedby="answer-errors"' in select
        assert not attempt.responses.filter(position=1).exists()  # nothing saved

    def test_choice_field_error_is_reachable_from_each_option(self, client_for, volunteer, quiz):
        client = client_for(volunteer)
        attempt = start(client, quiz)
        response = client.post(
            question_url(quiz, attempt, 1), {"choice": "not-a-token", "action": "next"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert title(html).startswith("Error: ")
        error_id = re.search(r'<ul class="errorlist" id="([^"]+)"', html).group(1)
        radios = re.findall(r'<input type="radio"[^>]*>', html)
        assert radios
        for radio in radios:
            assert 'aria-invalid="true"' in radio
            assert f'aria-describedby="{error_id}"' in radio


@pytest.mark.django_db
def test_sign_in_errors_prefix_the_title(client):
    html = client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    assert title(html.content.decode()).startswith("Error: ")
