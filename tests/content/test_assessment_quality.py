"""The default content passes the assessment quality check: no warning, and no pass by guessing."""

import pytest
from django.core.management import call_command

from modules.assessment_quality import quality_report
from quizzes.quality import MAX_PASS_BY_GUESSING


@pytest.mark.django_db
def test_the_default_content_has_no_assessment_quality_warning():
    call_command("load_training_content")
    report = quality_report()
    assert len(report.quizzes) == 3  # the two quizzes and the general one in Welsh
    assert [str(w) for w in report.warnings] == []
    for quiz in report.quizzes:
        assert quiz.odds.questions_per_attempt >= 20
        assert quiz.odds.pass_chance < MAX_PASS_BY_GUESSING
    call_command("check_assessment_quality")  # exits 0: what `make check-content` runs
