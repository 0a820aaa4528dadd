"""
Answer forms accept exactly their fields: junk fields, repeated values, files and oversized
bodies are refused with 400 and nothing is stored; a double click saves once and is
answered "already saved", not "changed in another tab".
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import QuestionResponse
from quizzes.tokens import shown_value
from tests.quizzes.helpers import complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    return client, quiz, attempt


def question_of(attempt, kind):
    number = next(i for i, q in enumerate(attempt.questions, 1) if q["type"] == kind)
    return number, attempt.questions[number - 1]


def test_repeated_copies_of_one_choice_are_refused(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "multiple_choice")
    key = shown_value(snapshot["options"][0])
    body = "&".join([f"choices={key}"] * 997 + ["action=next", "saved_version=new"])
    response = client.post(
        question_url(quiz, attempt, number), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not QuestionResponse.objects.exists()


def test_two_values_for_a_single_choice_are_refused(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "single_choice")
    keys = [shown_value(option) for option in snapshot["options"][:2]]
    response = client.post(question_url(quiz, attempt, number), {"choice": keys, "action": "next"})
    assert response.status_code == 400
    assert not QuestionResponse.objects.exists()


def test_a_thousand_junk_fields_are_refused(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "single_choice")
    data = {f"field{n}": "x" for n in range(1000)}
    data.update({"choice": shown_value(snapshot["options"][0]), "action": "next"})
    response = client.post(question_url(quiz, attempt, number), data)
    assert response.status_code == 400
    assert not QuestionResponse.objects.exists()


def test_a_body_with_a_file_is_refused(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "free_text")
    for size in (5 * 1024 * 1024, 100):  # a large file, and a small one
        upload = SimpleUploadedFile("notes.txt", b"x" * size, content_type="text/plain")
        response = client.post(
            question_url(quiz, attempt, number),
            {"text": "An answer", "action": "next", "upload": upload},
        )
        assert response.status_code == 400
    assert not QuestionResponse.objects.exists()


def test_an_oversized_body_is_refused(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "free_text")
    response = client.post(
        question_url(quiz, attempt, number), {"text": "x" * 300_000, "action": "next"}
    )
    assert response.status_code == 400
    assert not QuestionResponse.objects.exists()


def test_a_normal_answer_is_still_accepted(taking):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "multiple_choice")
    keys = [shown_value(option) for option in snapshot["options"][:2]]
    response = client.post(
        question_url(quiz, attempt, number),
        {"choices": keys, "action": "next", "saved_version": "new"},
    )
    assert response.status_code == 302
    stored = [option["key"] for option in snapshot["options"][:2]]  # the page posts tokens
    assert sorted(QuestionResponse.objects.get().response["choices"]) == sorted(stored)


@pytest.mark.parametrize("earlier", [False, True], ids=["first answer", "changed answer"])
def test_a_double_click_saves_once_and_says_already_saved(taking, earlier):
    client, quiz, attempt = taking
    number, snapshot = question_of(attempt, "single_choice")
    url = question_url(quiz, attempt, number)
    keys = [shown_value(option) for option in snapshot["options"]]
    version = "new"
    if earlier:
        client.post(url, {"choice": keys[1], "action": "next", "saved_version": "new"})
        version = QuestionResponse.objects.get().saved_at.isoformat()
    data = {"choice": keys[0], "action": "next", "saved_version": version}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first.url  # on to the same next page
    page = second.content.decode()
    assert "already saved" in page
    assert "changed in another tab" not in page
    assert QuestionResponse.objects.get().response == {"choice": snapshot["options"][0]["key"]}
