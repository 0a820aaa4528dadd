"""Correct answers, feedback and scores never reach the browser before submission."""

import re

import pytest

from tests.quizzes.helpers import answer_data, complete_lessons, question_url, start

SECRETS = re.compile(
    r"RIGHT-FEEDBACK|WRONG-FEEDBACK|TF-FEEDBACK|PAIR-FEEDBACK|is_correct|correct_order|"
    r'"correct"|data-correct|Your score|The right answer',
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_no_view_before_submission_reveals_answers(client_for, volunteer, quiz, quiz_module):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    pages = [client.get(quiz.url)]
    attempt = start(client, quiz)
    for number, snapshot in enumerate(attempt.questions, start=1):
        pages.append(client.get(question_url(quiz, attempt, number)))
        # The response to saving an answer is a redirect with no body worth reading.
        saved = client.post(
            question_url(quiz, attempt, number), dict(answer_data(snapshot, right=True))
        )
        assert saved.status_code == 302 and saved.content == b""
        pages.append(client.get(saved.url))
    pages.append(client.get(f"{quiz.url}attempt/{attempt.uuid}/review/"))
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert not SECRETS.search(html), SECRETS.search(html).group(0)
        # The right option of the single-choice question is not marked in any way.
        assert "A First Responder" not in html or 'class="option"' in html


@pytest.mark.django_db
def test_option_order_is_the_presented_order_not_a_hint(client_for, volunteer, quiz, quiz_module):
    complete_lessons(volunteer, quiz_module)
    quiz.shuffle_choices = True
    quiz.save_revision().publish()
    client = client_for(volunteer)
    attempt = start(client, quiz)
    # Questions may be shuffled too: look at the first one that has options.
    position = next(i for i, q in enumerate(attempt.questions) if "options" in q)
    html = client.get(question_url(quiz, attempt, position + 1)).content.decode()
    shown = re.findall(r'name="choices?" value="([0-9a-f]{16})"', html)
    assert shown == [o["token"] for o in attempt.questions[position]["options"]]
