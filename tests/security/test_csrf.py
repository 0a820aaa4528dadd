"""Forged requests: every state-changing POST without a valid CSRF token is refused (403)."""

import pytest
from django.test import Client

from quizzes.models import QuestionResponse, QuizAttempt
from tests.factories.users import TEST_PASSWORD
from tests.quizzes.helpers import answer_data, complete_lessons, question_url, start

pytestmark = pytest.mark.django_db


def forging_client(user=None):
    """A browser on another site: it carries the session cookie but cannot read our token."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def attempt(volunteer, quiz_module, quiz):
    """An attempt the volunteer started properly (with a token) in their own browser."""
    complete_lessons(volunteer, quiz_module)
    client = Client()
    client.force_login(volunteer)
    return start(client, quiz)


def test_forged_quiz_start_makes_no_attempt(volunteer, quiz_module, quiz):
    complete_lessons(volunteer, quiz_module)
    response = forging_client(volunteer).post(quiz.url + "start/")
    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


def test_forged_answer_and_submission_change_nothing(volunteer, quiz, attempt):
    client = forging_client(volunteer)
    data = dict(answer_data(attempt.questions[0], right=True), action="next")
    assert client.post(question_url(quiz, attempt, 1), data).status_code == 403
    review = f"{quiz.url}attempt/{attempt.uuid}/review/"
    assert client.post(review, {"confirm_unanswered": "yes"}).status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    assert not QuestionResponse.objects.exists()


def test_forged_sign_in_does_not_sign_in(volunteer, catalogue):
    # Login CSRF: another site signing the victim into an account of the attacker's choosing.
    client = forging_client()
    response = client.post("/accounts/login/", {"username": "volunteer", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_forged_sign_out_leaves_the_session(volunteer, catalogue):
    client = forging_client(volunteer)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.session.get("_auth_user_id") == str(volunteer.pk)


def test_forged_password_change_keeps_the_password(volunteer, catalogue):
    response = forging_client(volunteer).post(
        "/accounts/password_change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "attacker-chosen-passphrase-9",
            "new_password2": "attacker-chosen-passphrase-9",
        },
    )
    assert response.status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.check_password(TEST_PASSWORD)


def test_token_from_another_session_is_refused(volunteer, general_module):
    from modules.models import LessonPage, LessonProgress

    attacker = Client(enforce_csrf_checks=True)
    attacker.get("/accounts/login/")
    stolen = attacker.cookies["csrftoken"].value
    lesson = LessonPage.objects.child_of(general_module).first()
    response = forging_client(volunteer).post(
        lesson.url, {"action": "complete", "csrfmiddlewaretoken": stolen}
    )
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_forged_admin_edit_changes_no_page(trainer, general_module):
    before = general_module.title
    response = forging_client(trainer).post(
        f"/admin/pages/{general_module.pk}/edit/", {"title": "Defaced", "slug": "defaced"}
    )
    assert response.status_code == 403
    general_module.refresh_from_db()
    assert general_module.title == before
