"""An attempt freezes what it was graded against: editing the bank never rewrites history."""

import pytest

from quizzes.models import MultipleChoiceOption, Question, SingleChoiceQuestion
from tests.quizzes.helpers import answer_all, complete_lessons, start, submit, take_quiz


@pytest.fixture
def ready_client(client_for, volunteer, quiz_module):
    complete_lessons(volunteer, quiz_module)
    return client_for(volunteer)


def result_html(client, quiz, attempt):
    return client.get(f"{quiz.url}attempt/{attempt.uuid}/result/").content.decode()


@pytest.mark.django_db
def test_editing_questions_after_grading_changes_no_score_or_review(ready_client, quiz):
    attempt = take_quiz(ready_client, quiz, right=True)
    before = result_html(ready_client, quiz, attempt)

    single = SingleChoiceQuestion.objects.get()
    single.prompt = "<p>A rewritten question</p>"
    single.save()
    single.options.update(is_correct=False)
    MultipleChoiceOption.objects.all().update(text="Edited option")

    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
    after = result_html(ready_client, quiz, attempt)
    assert "A rewritten question" not in after and "Edited option" not in after
    assert before.count("not right") == after.count("not right") == 0


@pytest.mark.django_db
def test_editing_a_question_during_an_attempt_grades_against_what_was_shown(ready_client, quiz):
    attempt = start(ready_client, quiz)
    answer_all(ready_client, quiz, attempt, right=True)
    single = SingleChoiceQuestion.objects.get()
    right_option = single.options.get(is_correct=True)
    right_option.is_correct = False
    right_option.save()
    submit(ready_client, quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.score == 100


@pytest.mark.django_db
def test_deleting_questions_keeps_past_attempts_and_their_review(ready_client, quiz):
    attempt = take_quiz(ready_client, quiz, right=False)
    Question.objects.all().delete()
    attempt.refresh_from_db()
    assert attempt.score == 0 and len(attempt.questions) == 6
    html = result_html(ready_client, quiz, attempt)
    assert "Who refers into the NRM?" in html


@pytest.mark.django_db
def test_changing_the_pass_mark_later_changes_no_past_result(ready_client, quiz):
    attempt = start(ready_client, quiz)
    answer_all(ready_client, quiz, attempt, right=True, wrong_positions={0})
    submit(ready_client, quiz, attempt)
    quiz.pass_mark = 90
    quiz.save_revision().publish()
    attempt.refresh_from_db()
    assert (attempt.pass_mark, attempt.score, attempt.passed) == (80, 80, True)
    assert "The pass mark is 80%" in result_html(ready_client, quiz, attempt)


def _without_tokens(questions):
    """A snapshot as attempts froze it before tokens existed: keys were the values shown."""
    for snapshot in questions:
        for part in ("options", "items", "left", "right"):
            for entry in snapshot.get(part, []):
                entry.pop("token", None)
        for stage in snapshot.get("stages", []):
            stage.pop("token", None)
            for entry in stage.get("options", []) + stage.get("observations", []):
                entry.pop("token", None)
    return questions


@pytest.mark.django_db
def test_an_attempt_frozen_before_tokens_is_still_answered_graded_and_reviewed(ready_client, quiz):
    attempt = start(ready_client, quiz)
    attempt.questions = _without_tokens(attempt.questions)
    attempt.save(update_fields=["questions"])
    html = ready_client.get(f"{quiz.url}attempt/{attempt.uuid}/1/").content.decode()
    first = attempt.questions[0]
    for entry in first.get("options", []):
        assert f'value="{entry["key"]}"' in html  # its keys are what its page shows
    answer_all(ready_client, quiz, attempt, right=True)
    submit(ready_client, quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100
    assert "Your answers" in result_html(ready_client, quiz, attempt)
