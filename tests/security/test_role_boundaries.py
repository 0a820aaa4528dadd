"""
People acting beyond their role: a volunteer posting to caseworker pages, and an admin account
posting to the admin without its second step. Each is refused and nothing changes.
"""

import pytest

from learners.roles import Role
from quizzes.models import QuestionResponse, QuizAttempt
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice
from tests.quizzes.helpers import answer_data, question_url, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker_quiz(catalogue):
    module = build_module(catalogue, slug="caseworker-only", lessons=1, audience=[Role.CASEWORKER])
    return build_quiz(module, [single_choice()], requires_lessons=False)


def test_volunteer_cannot_answer_or_submit_a_caseworkers_attempt(
    client_for, volunteer, caseworker, caseworker_quiz
):
    attempt = start(client_for(caseworker), caseworker_quiz)
    intruder = client_for(volunteer)
    data = dict(answer_data(attempt.questions[0], right=True), action="next")
    assert intruder.post(question_url(caseworker_quiz, attempt, 1), data).status_code in (403, 404)
    review = f"{caseworker_quiz.url}attempt/{attempt.uuid}/review/"
    assert intruder.post(review, {"confirm_unanswered": "yes"}).status_code in (403, 404)
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    assert not QuestionResponse.objects.exists()
    assert QuizAttempt.objects.filter(user=volunteer).count() == 0


def test_unverified_admin_account_cannot_post_to_the_admin(
    client_for, trainer, general_module, settings
):
    settings.REQUIRE_2FA_FOR_STAFF = True
    title = general_module.title
    response = client_for(trainer).post(
        f"/admin/pages/{general_module.pk}/edit/", {"title": "Changed", "slug": "changed"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")
    general_module.refresh_from_db()
    assert general_module.title == title
    assert general_module.get_latest_revision().content["title"] == title
