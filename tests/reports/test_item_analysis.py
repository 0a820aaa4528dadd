"""Quiz item analysis: facility, option counts and misleading options, from frozen snapshots."""

import pytest
from django.urls import reverse

from quizzes.models import QuizAttempt
from reports.item_analysis import describe_questions, question_statistics, submitted_responses
from tests.reports.helpers import answer_quiz, pick

URL = reverse("training_reports:item_analysis")


def analyse():
    responses = submitted_responses()
    rows = question_statistics(responses).order_by("question_id")
    return {item.question_id: item for item in describe_questions(rows, responses)}


def choice_counts(item):
    return {choice.text: choice.picked for choice in item.choices}


@pytest.fixture
def answered(report_quiz, questions):
    """Four learners: one right on the single choice, three fooled by "Any volunteer"."""
    single, multiple = questions["single"], questions["multiple"]
    answer_quiz(
        report_quiz, {single: pick("A First Responder"), multiple: pick("No ID", "Escorted")}
    )
    answer_quiz(report_quiz, {single: pick("Any volunteer"), multiple: pick("No ID", "Escorted")})
    answer_quiz(report_quiz, {single: pick("Any volunteer"), multiple: pick("No ID", "Tired")})
    answer_quiz(report_quiz, {single: pick("Any volunteer")})  # multiple choice left unanswered
    # An attempt still in progress does not count.
    answer_quiz(report_quiz, {single: pick("A First Responder")}, submit=False)
    return report_quiz


def test_facility_is_the_share_of_graded_answers_fully_right(answered, questions):
    items = analyse()
    single = items[questions["single"].pk]
    assert (single.responses, single.correct, single.facility_percent) == (4, 1, 25.0)
    multiple = items[questions["multiple"].pk]
    assert (multiple.responses, multiple.correct) == (3, 2)
    assert multiple.facility_percent == pytest.approx(66.7)


def test_single_choice_counts_each_option_and_flags_the_misleading_one(answered, questions):
    single = analyse()[questions["single"].pk]
    assert choice_counts(single) == {
        "A First Responder": 1,
        "Any volunteer": 3,
        "The person's employer": 0,
    }
    assert [c.text for c in single.misleading_choices] == ["Any volunteer"]
    assert "Any volunteer" in single.flag
    assert [c.share_percent for c in single.choices] == [25.0, 75.0, 0.0]


def test_multiple_choice_counts_every_pick_of_every_answer(answered, questions):
    multiple = analyse()[questions["multiple"].pk]
    assert choice_counts(multiple) == {"No ID": 3, "Escorted": 2, "Tired": 1}
    assert multiple.misleading_choices == []


def test_edited_and_deleted_questions_report_what_learners_saw(answered, questions):
    single = questions["single"]
    option = single.options.get(text="Any volunteer")
    option.text = "Edited later"
    option.save()
    single_id = single.pk
    questions["multiple"].delete()
    items = analyse()
    assert choice_counts(items[single_id])["Any volunteer"] == 3
    assert "Edited later" not in choice_counts(items[single_id])
    deleted = [item for item in items.values() if item.title == "Which are signs?"]
    assert len(deleted) == 1 and deleted[0].responses == 3


def test_first_attempts_filter_leaves_out_retakes(answered, questions, client_for, manager):
    first = QuizAttempt.objects.filter(number=1, status="submitted").first()
    answer_quiz(answered, {questions["single"]: pick("A First Responder")}, user=first.user)
    response = client_for(manager).get(URL, {"attempts": "first", "export": "csv"}, follow=True)
    rows = list(csv_rows(response))
    single = next(row for row in rows if row["Question"] == questions["single"].title)
    assert single["Answers"] == "4"
    everything = list(csv_rows(client_for(manager).get(URL, {"export": "csv"}, follow=True)))
    single = next(row for row in everything if row["Question"] == questions["single"].title)
    assert single["Answers"] == "5"


def test_page_lists_hardest_question_first_with_counts(answered, questions, client_for, trainer):
    response = client_for(trainer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(questions["single"].title) < html.index(questions["multiple"].title)
    assert "25.0%" in html
    assert "Misleading" in html


def csv_rows(response):
    import csv
    import io

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return csv.DictReader(io.StringIO(text))


def test_csv_export_has_one_row_per_question(answered, questions, client_for, trainer):
    rows = list(csv_rows(client_for(trainer).get(URL, {"export": "csv"}, follow=True)))
    by_title = {row["Question"]: row for row in rows}
    single = by_title[questions["single"].title]
    assert single["Facility (% fully right)"] == "25.0"
    assert "Any volunteer: 3" in single["Options picked"]
    # Only questions someone answered are listed (nobody answered the scenario here).
    assert set(by_title) == {questions["single"].title, questions["multiple"].title}
