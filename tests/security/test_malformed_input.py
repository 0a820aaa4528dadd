"""
Overlong, non-UTF-8 and null-byte input: a clear refusal or a harmless 4xx, never a 500, and
nothing stored. (Choice values with null bytes are in ``tests/quizzes/test_bad_input.py``.)
"""

import pytest

from modules.models import LessonPage, LessonProgress
from quizzes.models import QuestionResponse
from tests.quizzes.helpers import complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def free_text_page(client_for, volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    number = next(i for i, q in enumerate(attempt.questions, 1) if q["type"] == "free_text")
    return client, question_url(quiz, attempt, number)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 3_000, "Ensure this value has at most"),  # bodies far too long: 400, see
        # tests/security/test_answer_posts.py
        ("A safe answer\x00 with a null byte", "Null characters are not allowed"),
    ],
)
def test_free_text_overlong_or_with_null_bytes_is_refused(free_text_page, text, message):
    client, url = free_text_page
    response = client.post(url, {"text": text, "action": "next"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuestionResponse.objects.exists()


def test_non_utf8_form_body_does_not_break_the_page(free_text_page):
    client, url = free_text_page
    response = client.post(
        url,
        b"text=%FF%FE%C3%28+broken&action=next",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 400)
    for saved in QuestionResponse.objects.all():
        # Whatever was kept is valid text (undecodable bytes replaced), never raw bytes.
        saved.response["text"].encode("utf-8")


@pytest.mark.parametrize(
    "path",
    ["/general-awareness/%FF%FE/", "/general-awareness/%00/", "/%C3%28/", "/" + "a" * 5000 + "/"],
)
def test_hostile_paths_are_not_found_not_errors(client_for, volunteer, general_module, path):
    assert client_for(volunteer).get(path).status_code in (400, 404)


@pytest.mark.parametrize("action", ["complete\x00", "c" * 10_000, "%FF"])
def test_lesson_actions_that_are_not_ours_change_nothing(
    client_for, volunteer, general_module, action
):
    lesson = LessonPage.objects.child_of(general_module).first()
    response = client_for(volunteer).post(lesson.url, {"action": action})
    assert response.status_code in (200, 302, 400)
    assert not LessonProgress.objects.exists()


def test_sign_in_with_non_utf8_body_is_refused_quietly(client, volunteer, catalogue):
    response = client.post(
        "/accounts/login/",
        b"username=volunteer%FF&password=%FE%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 403)
    assert "_auth_user_id" not in client.session


def test_too_many_fields_are_refused(client_for, volunteer, general_module, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    lesson = LessonPage.objects.child_of(general_module).first()
    data = {f"field{n}": "x" for n in range(60)}
    data["action"] = "complete"
    response = client_for(volunteer).post(lesson.url, data)
    assert response.status_code == 400
    assert not LessonProgress.objects.exists()
