"""Compliance and "overdue and expiring by region": one record per learner and module."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services import issue_certificate, revoke_certificate
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import Enrolment
from quizzes.models import QuizAttempt
from reports.compliance import ComplianceRecords, records, report_modules
from tests.factories import UserFactory
from tests.factories.questions import build_quiz, single_choice

URL = reverse("training_reports:compliance")
EXPIRY_URL = reverse("training_reports:expiry")
TODAY = timezone.localdate()


def learner(username, roles, region, *, active=True, display_name=""):
    user = UserFactory(username=username, roles=roles)
    # update(), not save(): the role column is kept in step with the groups by the learners app.
    LearnerProfile.objects.filter(user=user).update(region=region, display_name=display_name)
    if not active:
        user.is_active = False
        user.save()
    return user


def enrol(user, module, *, cycle=1, completed_days_ago=None, valid_for_days=None):
    now = timezone.now()
    completed = None if completed_days_ago is None else now - datetime.timedelta(completed_days_ago)
    return Enrolment.objects.create(
        user=user,
        module=module,
        module_title=module.title,
        cycle=cycle,
        started_at=now - datetime.timedelta(days=400),
        completed_at=completed,
        valid_until=None if valid_for_days is None else TODAY + datetime.timedelta(valid_for_days),
    )


def attempt(user, quiz, *, cycle, number, score):
    return QuizAttempt.objects.create(
        user=user,
        quiz_id=quiz.pk,
        quiz_title=quiz.title,
        cycle=cycle,
        number=number,
        status="submitted",
        submitted_at=timezone.now(),
        pass_mark=80,
        review_policy="score",
        max_attempts=0,
        score=score,
        passed=score >= 80,
    )


@pytest.fixture
def organisation(general_module, caseworker_module, manager):
    """Seven learners in three regions with every status."""
    quiz = build_quiz(general_module, [single_choice()])
    people = {
        "alice": learner("alice", [Role.VOLUNTEER], "London", display_name="Alice A."),
        "bob": learner("bob", [Role.VOLUNTEER], "London"),
        "carol": learner("carol", [Role.STAFF], "North West"),
        "dan": learner("dan", [Role.STAFF, Role.CASEWORKER], "North West"),
        "erin": learner("erin", [Role.VOLUNTEER], ""),
        "frank": learner("frank", [Role.VOLUNTEER], "London", active=False),
        "gina": learner("gina", [Role.VOLUNTEER], "London"),
    }
    alice = enrol(people["alice"], general_module, completed_days_ago=10, valid_for_days=355)
    attempt(people["alice"], quiz, cycle=1, number=1, score=70)
    attempt(people["alice"], quiz, cycle=1, number=2, score=92)
    issue_certificate(enrolment=alice)
    enrol(people["bob"], general_module)
    carol = enrol(people["carol"], general_module, completed_days_ago=355, valid_for_days=10)
    certificate, _created = issue_certificate(enrolment=carol)
    revoke_certificate(certificate=certificate, by=manager, reason="issued_in_error")
    enrol(people["dan"], general_module, completed_days_ago=366, valid_for_days=-1)
    enrol(people["frank"], general_module, completed_days_ago=10, valid_for_days=355)
    enrol(people["gina"], general_module, completed_days_ago=400, valid_for_days=-35)
    enrol(people["gina"], general_module, cycle=2)
    attempt(people["gina"], quiz, cycle=1, number=1, score=100)
    # Manager's own record stays out of the way of the region filters.
    LearnerProfile.objects.filter(user=manager).update(region="Head office")
    return people


def export(client, url=URL, **params):
    response = client.get(url, {**params, "export": "csv"}, follow=True)
    assert response.status_code == 200
    assert response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def statuses(rows):
    return {(row["Username"], row["Module"]): row["Status"] for row in rows}


def test_every_learner_in_the_audience_has_a_record_with_its_status(
    organisation, client_for, manager
):
    rows = export(client_for(manager))
    assert statuses(rows) == {
        ("alice", "General awareness"): "Completed",
        ("bob", "General awareness"): "In progress",
        ("carol", "General awareness"): "Refresher due",
        ("dan", "General awareness"): "Expired",
        ("dan", "Caseworker training"): "Not started",  # only caseworkers are its audience
        ("erin", "General awareness"): "Not started",
        ("gina", "General awareness"): "In progress",  # refresher under way
        ("manager", "General awareness"): "Not started",
    }  # frank is deactivated: no record


def test_record_shows_dates_best_score_of_the_cycle_and_valid_certificate(
    organisation, client_for, manager
):
    rows = {row["Username"]: row for row in export(client_for(manager), module="")}
    alice = rows["alice"]
    assert alice["Learner"] == "Alice A."
    assert alice["Best score (%)"] == "92.0"
    assert alice["Certificate"]  # its short code
    assert alice["Current until"] == (TODAY + datetime.timedelta(355)).isoformat()
    assert rows["carol"]["Certificate"] == ""  # revoked
    # Gina's best score was in cycle 1; her refresher (cycle 2) has none yet.
    assert rows["gina"]["Best score (%)"] == ""
    assert rows["gina"]["Cycle"] == "2"
    assert rows["gina"]["Current until"] == (TODAY - datetime.timedelta(35)).isoformat()


def test_filters_by_region_role_module_status_and_completion_date(
    organisation, client_for, manager
):
    client = client_for(manager)
    london = statuses(export(client, region="London"))
    assert {username for username, _module in london} == {"alice", "bob", "gina"}
    caseworkers = statuses(export(client, role=Role.CASEWORKER.value))
    assert set(caseworkers) == {("dan", "General awareness"), ("dan", "Caseworker training")}
    expired = statuses(export(client, status="expired"))
    assert set(expired) == {("dan", "General awareness")}
    recent = statuses(export(client, completed_from=(TODAY - datetime.timedelta(30)).isoformat()))
    assert set(recent) == {("alice", "General awareness")}


def test_module_filter(organisation, client_for, manager, caseworker_module):
    rows = statuses(export(client_for(manager), module=caseworker_module.pk))
    assert set(rows) == {("dan", "Caseworker training")}


def test_summary_bar_counts_and_percentages(organisation, client_for, manager):
    response = client_for(manager).get(URL, {"region": "London"})
    summary = response.context["summary"]
    assert summary["total"] == 3
    by_status = {
        line["status"].value: (line["count"], line["percent"]) for line in summary["statuses"]
    }
    assert by_status["completed"] == (1, 33.3)
    assert by_status["in_progress"] == (2, 66.7)
    html = response.content.decode()
    assert "Refresher due" in html and "66.7%" in html


def test_status_filter_narrows_the_rows_not_the_summary(organisation, client_for, manager):
    response = client_for(manager).get(URL, {"region": "London", "status": "completed"})
    assert [row.username for row in response.context["object_list"]] == ["alice"]
    assert response.context["summary"]["total"] == 3


def test_records_slice_across_modules(organisation):
    modules = report_modules()
    sequence = ComplianceRecords([(module, records(module)) for module in modules])
    everything = [(row.username, row.module_title) for row in sequence]
    assert len(sequence) == len(everything) == 8
    pages = [sequence[i : i + 3] for i in range(0, 8, 3)]
    assert [(row.username, row.module_title) for page in pages for row in page] == everything


def test_export_escapes_formulas_in_names(organisation, client_for, manager):
    LearnerProfile.objects.filter(user=organisation["erin"]).update(
        display_name='=HYPERLINK("https://evil.example")'
    )
    rows = {row["Username"]: row for row in export(client_for(manager))}
    assert rows["erin"]["Learner"].startswith("'=")


def test_overdue_and_expiring_by_region(organisation, client_for, manager):
    response = client_for(manager).get(EXPIRY_URL)
    assert response.status_code == 200
    rows = {(row.region, row.module_title): row for row in response.context["object_list"]}
    london = rows[("London", "General awareness")]
    # alice current (355 days), bob never completed, gina expired with a refresher under way.
    assert (london.learners, london.overdue, london.never_completed) == (3, 1, 1)
    assert (london.within_30, london.within_60, london.within_90) == (0, 0, 0)
    north_west = rows[("North West", "General awareness")]
    # carol expires in 10 days; dan expired yesterday.
    assert (north_west.learners, north_west.overdue, north_west.within_30) == (2, 1, 1)
    assert (north_west.within_60, north_west.within_90) == (1, 1)
    assert rows[("North West", "Caseworker training")].never_completed == 1
    assert response.context["totals"].overdue == 2


def test_expiry_windows_include_each_other(organisation, client_for, manager, general_module):
    for days in (45, 80, 120):
        enrol(
            learner(f"x{days}", [Role.VOLUNTEER], "Wales"),
            general_module,
            completed_days_ago=300,
            valid_for_days=days,
        )
    rows = export(client_for(manager), url=EXPIRY_URL, region="Wales")
    assert rows == [
        {
            "Region": "Wales",
            "Module": "General awareness",
            "Learners": "3",
            "Current": "3",
            "Overdue (expired)": "0",
            "Expiring within 30 days": "0",
            "Expiring within 60 days": "1",
            "Expiring within 90 days": "2",
            "Never completed": "0",
        }
    ]


def test_xlsx_export_has_every_record(organisation, client_for, manager):
    from openpyxl import load_workbook

    response = client_for(manager).get(URL, {"export": "xlsx"}, follow=True)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Learner", "Username")
    assert len(rows) == 1 + 8
    alice = next(row for row in rows if row[1] == "alice")
    assert alice[rows[0].index("Current until")] == TODAY + datetime.timedelta(355)


def test_excluded_learners_are_not_counted_and_the_summary_says_how_many(
    organisation, client_for, manager
):
    from learners.services import exclude_from_reports

    bob = LearnerProfile.objects.get(user=organisation["bob"])
    exclude_from_reports(profile=bob, reason="long_term_leave", by=manager)
    client = client_for(manager)
    rows = statuses(export(client))
    assert ("bob", "General awareness") not in rows
    response = client.get(URL, {"region": "London"})
    summary = response.context["summary"]
    assert summary["total"] == 2  # alice and gina
    assert summary["excluded"] == 1
    assert "Excluded from counts" in response.content.decode()
    # A region with nobody excluded says none.
    assert client.get(URL, {"region": "North West"}).context["summary"]["excluded"] == 0
    expiry = client.get(EXPIRY_URL)
    assert expiry.context["excluded"] == 1
    london = {(row.region, row.module_title): row for row in expiry.context["object_list"]}[
        ("London", "General awareness")
    ]
    assert london.learners == 2


def test_an_excluded_learner_outside_every_chosen_audience_is_not_reported_as_excluded(
    organisation, client_for, manager, caseworker_module
):
    from learners.services import exclude_from_reports

    exclude_from_reports(
        profile=LearnerProfile.objects.get(user=organisation["bob"]), reason="left", by=manager
    )
    response = client_for(manager).get(URL, {"module": caseworker_module.pk})
    assert response.context["summary"]["excluded"] == 0  # bob is no caseworker
