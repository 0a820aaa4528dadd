"""Scenario decisions: option counts, critical errors, missed pathway steps, sign-spotting."""

import pytest
from django.urls import reverse

from reports.item_analysis import submitted_responses
from reports.scenario_analysis import analyse_scenario, scenario_question_ids
from tests.reports.helpers import answer_quiz, scenario_path


@pytest.fixture
def played(report_quiz, questions):
    """Three learners through "The car wash" (tests/factories/questions.py).

    Recommended: both signs (passport, sleeps), a private room (adults:speak-privately), then
    tell the lead today (adults:tell-the-lead). "tired" is a red herring; "confront" is critical.
    """
    car_wash = questions["scenario"]
    answer_quiz(
        report_quiz, {car_wash: scenario_path(["passport", "sleeps"], "act.private", "follow.lead")}
    )
    answer_quiz(
        report_quiz, {car_wash: scenario_path(["passport", "tired"], "act.wait", "follow.later")}
    )
    answer_quiz(report_quiz, {car_wash: scenario_path(["tired"], "act.confront")})
    return car_wash


@pytest.fixture
def analysis(played):
    return analyse_scenario(played.pk, submitted_responses())


def test_each_option_is_counted_where_the_stage_was_reached(analysis):
    act, follow = analysis.stages["act"], analysis.stages["follow"]
    assert act.reached == 3
    assert {o.key: o.chosen for o in act.option_rows()} == {"confront": 1, "private": 1, "wait": 1}
    assert follow.reached == 2
    assert {o.key: o.share_percent for o in follow.option_rows()} == {"lead": 50.0, "later": 50.0}


def test_critical_errors_are_counted_per_answer_and_per_stage(analysis):
    assert analysis.answered == 3
    assert analysis.critical_errors == 1
    assert analysis.critical_percent == pytest.approx(33.3)
    assert analysis.stages["act"].critical_errors == 1
    assert analysis.full_marks == 1


def test_missed_pathway_steps_rank_the_most_missed_first(analysis):
    steps = [(s.reference, s.missed, s.expected) for s in analysis.missed_steps()]
    # Learner 2 chose an action naming another step; learner 3 stopped at the critical error.
    # "Mention it next month" still names adults:tell-the-lead, so only learner 3 missed it.
    assert steps == [("adults:speak-privately", 2, 3), ("adults:tell-the-lead", 1, 3)]


def test_missed_signs_and_over_read_red_herrings(analysis):
    signs = {o.key: (o.missed, o.shown_as_sign) for o in analysis.missed_signs()}
    assert signs == {"sleeps": (2, 3), "passport": (1, 3)}
    assert [o.key for o in analysis.missed_signs()] == ["sleeps", "passport"]
    herrings = {
        o.key: (o.over_read, o.shown_as_red_herring) for o in analysis.over_read_red_herrings()
    }
    assert herrings == {"tired": (2, 3)}


def test_a_deleted_scenario_is_still_found_and_analysed(played):
    question_id = played.pk
    played.delete()
    assert question_id in scenario_question_ids(submitted_responses())
    analysis = analyse_scenario(question_id, submitted_responses())
    assert analysis.title == "The car wash"
    assert analysis.critical_errors == 1


def test_each_answer_is_judged_by_its_own_snapshot(report_quiz, played):
    """Re-marking an option later changes neither old answers nor their critical count."""
    import json

    from tests.factories.questions import scenario_stages

    stages = scenario_stages()
    for option in stages[1]["value"]["options"]:
        if option["key"] == "wait":
            option["critical"] = True
            option["next"] = ""
            option["pathway_step"] = ""
    played.stages = json.dumps(stages)
    played.save()
    answer_quiz(report_quiz, {played: scenario_path(["passport"], "act.wait")})
    analysis = analyse_scenario(played.pk, submitted_responses())
    # The old "wait" answer was no critical error; the new one is.
    assert analysis.critical_errors == 2
    assert analysis.stages["act"].options["wait"].chosen == 2


def test_list_and_detail_pages(played, client_for, trainer):
    client = client_for(trainer)
    listing = client.get(reverse("training_reports:scenarios"))
    assert listing.status_code == 200
    assert "The car wash" in listing.content.decode()
    detail = client.get(reverse("training_reports:scenario_detail", args=[played.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    for text in (
        "Referral pathway steps missed",
        "adults:speak-privately",
        "Looks tired",
        "Critical error",
    ):
        assert text in html


def test_detail_of_a_question_that_is_no_scenario_is_404(
    report_quiz, questions, client_for, trainer
):
    url = reverse("training_reports:scenario_detail", args=[questions["single"].pk])
    assert client_for(trainer).get(url).status_code == 404


def test_detail_export_lists_options_signs_and_steps(played, client_for, trainer):
    import csv
    import io

    url = reverse("training_reports:scenario_detail", args=[played.pk])
    response = client_for(trainer).get(url, {"export": "csv"}, follow=True)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    parts = {(row["Part"], row["Option, observation or step"]): row for row in rows}
    assert parts[("Decision", "Go and challenge the boss")]["Kind"] == "critical error"
    assert parts[("Missed sign", "Sleeps at work")]["Count"] == "2"
    assert parts[("Over-read red herring", "Looks tired")]["%"] == "66.7"
    assert parts[("Missed pathway step", "adults:speak-privately")]["Out of"] == "3"
