"""The answer reports show quiz results by the language each attempt was taken in."""

import re

import pytest
from django.urls import reverse

from quizzes.models import QuizAttempt
from quizzes.services import submit_attempt
from tests.reports.helpers import answer_quiz, pick

URL = reverse("training_reports:item_analysis")


@pytest.fixture
def answered_in_languages(report_quiz, questions):
    """Two English attempts (one right, one wrong), one Welsh (right), one Arabic (wrong)."""
    single, multiple = questions["single"], questions["multiple"]
    right = {single: pick("A First Responder"), multiple: pick("No ID", "Escorted")}
    wrong = {single: pick("Any volunteer"), multiple: pick("Tired")}
    for language, answers in [("en-gb", right), ("en-gb", wrong), ("cy", right), ("ar", wrong)]:
        attempt = answer_quiz(report_quiz, answers, submit=False)
        QuizAttempt.objects.filter(pk=attempt.pk).update(language=language)
        submit_attempt(attempt=QuizAttempt.objects.get(pk=attempt.pk))
    # One attempt from before languages were recorded.
    attempt = answer_quiz(report_quiz, right, submit=False)
    QuizAttempt.objects.filter(pk=attempt.pk).update(language="")
    submit_attempt(attempt=QuizAttempt.objects.get(pk=attempt.pk))
    return report_quiz


def language_rows(html):
    """The rows of the "Results by language" table, as lists of cell texts."""
    table = html.split('id="results-by-language-heading"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def expected_row(name, language):
    attempts = QuizAttempt.objects.filter(language=language)
    scores = [float(a.score) for a in attempts]
    passed = sum(1 for a in attempts if a.passed)
    return [
        name,
        str(len(scores)),
        str(passed),
        f"{round(100 * passed / len(scores))}%",
        f"{round(sum(scores) / len(scores))}%",
    ]


@pytest.mark.django_db
def test_item_analysis_shows_results_by_language(answered_in_languages, client_for, trainer):
    html = client_for(trainer).get(URL).content.decode()
    assert language_rows(html) == [
        expected_row("English", "en-gb"),
        expected_row("Cymraeg", "cy"),
        expected_row("العربية", "ar"),
        expected_row("Not recorded", ""),
    ]
    # The Welsh learner answered right and the Arabic one wrong: the table tells them apart.
    welsh, arabic = language_rows(html)[1], language_rows(html)[2]
    assert int(welsh[4].rstrip("%")) > int(arabic[4].rstrip("%"))
    assert '<span lang="ar">العربية</span>' in html


@pytest.mark.django_db
def test_language_filter_counts_only_attempts_taken_in_that_language(
    answered_in_languages, client_for, trainer
):
    html = client_for(trainer).get(URL, {"language": "cy"}).content.decode()
    assert language_rows(html) == [expected_row("Cymraeg", "cy")]


@pytest.mark.django_db
def test_an_unknown_language_is_refused_with_a_message(answered_in_languages, client_for, trainer):
    response = client_for(trainer).get(URL, {"language": "xx"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_results_by_language_cost_one_query(answered_in_languages, django_assert_num_queries):
    from reports.item_analysis import submitted_responses
    from reports.languages import results_by_language

    with django_assert_num_queries(1):
        rows = results_by_language(submitted_responses())
    assert [row.code for row in rows] == ["en-gb", "cy", "ar", ""]
