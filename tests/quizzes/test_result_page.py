"""The result page teaches: outcome first, lessons to revisit, answers folded and marked in
words, a critical error explained, and the certificate one tap away after passing."""

import re

import pytest

from certificates.models import Certificate
from modules.models import LessonPage
from modules.revisit import lessons_to_revisit
from quizzes.models import ReviewPolicy
from tests.factories import build_module
from tests.factories.questions import build_quiz, category, scenario, single_choice, true_false
from tests.quizzes.helpers import (
    complete_lessons,
    question_url,
    scenario_stage_data,
    start,
    submit,
    take_quiz,
)


def result_html(client, quiz, attempt):
    response = client.get(f"{quiz.url}attempt/{attempt.uuid}/result/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def taught_quiz(catalogue, volunteer):
    """Lesson 1 teaches "Signs", lesson 2 "Referral"; one question from each."""
    module = build_module(catalogue, slug="taught", lessons=3)
    signs, referral = category("Signs"), category("Referral")
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    lessons[0].question_categories = [signs]
    lessons[0].save()
    lessons[1].question_categories = [referral]
    lessons[1].save()
    quiz = build_quiz(
        module,
        [
            single_choice(title="Signs question", category=signs),
            true_false(title="Referral question", category=referral),
        ],
        shuffle_questions=False,
    )
    complete_lessons(volunteer, module)
    return quiz


@pytest.mark.django_db
class TestWhatToRevisit:
    def test_links_the_lessons_that_teach_the_missed_questions_only(
        self, client_for, volunteer, taught_quiz
    ):
        client = client_for(volunteer)
        attempt = take_quiz(client, taught_quiz, wrong_positions=(1,))
        html = result_html(client, taught_quiz, attempt)
        revisit = html.split('id="revisit-heading"', 1)[1].split("</section>", 1)[0]
        lesson2 = LessonPage.objects.get(slug="taught-lesson-2")
        assert f'href="{lesson2.url}"' in revisit and "Lesson 2" in revisit
        assert "Lesson 1" not in revisit and "Lesson 3" not in revisit
        # The outcome and score come before the list, and the list before the answers.
        assert (
            html.index("Your score:") < html.index("What to revisit") < html.index("Your answers")
        )

    def test_nothing_to_revisit_when_everything_was_right(self, client_for, volunteer, taught_quiz):
        client = client_for(volunteer)
        html = result_html(client, taught_quiz, take_quiz(client, taught_quiz))
        assert "What to revisit" not in html

    def test_score_only_policy_names_no_lessons(self, client_for, volunteer, taught_quiz):
        taught_quiz.review_policy = ReviewPolicy.SCORE_ONLY
        taught_quiz.save_revision().publish()
        client = client_for(volunteer)
        html = result_html(client, taught_quiz, take_quiz(client, taught_quiz, right=False))
        assert "What to revisit" not in html

    def test_unanswered_questions_count_as_missed(self, client_for, volunteer, taught_quiz):
        client = client_for(volunteer)
        attempt = start(client, taught_quiz)
        submit(client, taught_quiz, attempt, confirm_unanswered="yes")
        attempt.refresh_from_db()
        titles = [lesson.title for lesson in lessons_to_revisit(taught_quiz.get_parent(), attempt)]
        assert titles == ["Lesson 1", "Lesson 2"]


@pytest.mark.django_db
class TestFoldedAnswers:
    def test_each_question_is_folded_and_marked_by_icon_class_and_words(
        self, client_for, volunteer, taught_quiz
    ):
        client = client_for(volunteer)
        html = result_html(
            client, taught_quiz, take_quiz(client, taught_quiz, wrong_positions=(1,))
        )
        items = re.findall(r'<li class="review-item ([^"]*)">\s*<details>', html)
        assert items == ["review-item--right", "review-item--wrong"]
        assert "Question 1: right</h3>" in html and "Question 2: not right</h3>" in html
        assert 'review-mark--right" aria-hidden="true">✓' in html
        assert 'review-mark--wrong" aria-hidden="true">✕' in html


@pytest.fixture
def scenario_quiz(catalogue, volunteer):
    module = build_module(catalogue, slug="critical-module", lessons=1)
    quiz = build_quiz(module, [scenario()], review_policy=ReviewPolicy.EXPLANATIONS)
    complete_lessons(volunteer, module)
    return quiz


@pytest.mark.django_db
class TestCriticalError:
    def take_with(self, client, quiz, *steps):
        attempt = start(client, quiz)
        snapshot = attempt.questions[0]
        url = question_url(quiz, attempt, 1)
        first = client.post(url, scenario_stage_data(snapshot, {"stage": "signs", "signs": []}))
        assert first.status_code == 302
        assert first["Location"].endswith("#choices")  # the next stage opens at its choices
        for stage, option in steps:
            client.post(url, scenario_stage_data(snapshot, {"stage": stage, "option": option}))
        submit(client, quiz, attempt, confirm_unanswered="yes")
        attempt.refresh_from_db()
        return attempt

    def test_a_critical_error_stands_out_and_says_why_it_matters(
        self, client_for, volunteer, scenario_quiz
    ):
        client = client_for(volunteer)
        html = result_html(
            client, scenario_quiz, self.take_with(client, scenario_quiz, ("act", "confront"))
        )
        assert "review-item--critical" in html
        assert "Question 1: critical error</h3>" in html
        assert "Why a critical error matters" in html
        # The review policy holds back the option feedback and the recommended path.
        assert "OPT-FEEDBACK" not in html and "DEBRIEF" not in html

    def test_no_critical_note_without_a_critical_error(self, client_for, volunteer, scenario_quiz):
        client = client_for(volunteer)
        attempt = self.take_with(client, scenario_quiz, ("act", "private"), ("follow", "lead"))
        html = result_html(client, scenario_quiz, attempt)
        assert "Why a critical error matters" not in html


@pytest.mark.django_db
class TestCertificateAfterPassing:
    def test_pass_page_shows_the_certificate_download_and_check_link(
        self, client_for, volunteer, taught_quiz
    ):
        client = client_for(volunteer)
        html = result_html(client, taught_quiz, take_quiz(client, taught_quiz))
        certificate = Certificate.objects.get(user=volunteer)
        assert "Your certificate" in html
        assert f'href="/certificates/{certificate.code}/pdf/"' in html
        assert "Download PDF" in html
        share = re.search(r'<input id="share-link"[^>]*>', html).group(0)
        assert "readonly" in share
        assert f'value="http://testserver/certificates/verify/{certificate.code}/"' in share
        assert '<label for="share-link"' in html and "Share the check link" in html
        # The copy button exists only for script to reveal: without JavaScript it stays hidden.
        assert re.search(r"<button[^>]*data-copy-from=\"share-link\"[^>]*hidden>", html)

    def test_no_certificate_card_when_not_passed(self, client_for, volunteer, taught_quiz):
        client = client_for(volunteer)
        html = result_html(client, taught_quiz, take_quiz(client, taught_quiz, right=False))
        assert "Your certificate" not in html and "share-link" not in html


@pytest.mark.django_db
def test_quiz_introduction_states_the_number_of_questions(client_for, volunteer, taught_quiz):
    html = client_for(volunteer).get(taught_quiz.url).content.decode()
    assert "<dt>Questions</dt><dd>2 questions</dd>" in html
