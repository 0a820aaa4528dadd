"""
The training manager's home panels: compliance by module, who is overdue, and the certificates
that expire this month. Only for people who may see reports on learners; a fixed query count.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certificates.services import issue_certificate, revoke_certificate
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import Enrolment
from tests.factories import UserFactory

#: The 10th of a month, so "this month" has room on both sides.
NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def learner(username, *, roles=(Role.VOLUNTEER,), region="", name=""):
    user = UserFactory(username=username, roles=list(roles))
    LearnerProfile.objects.filter(user=user).update(region=region, display_name=name)
    return type(user).objects.get(pk=user.pk)  # not the profile cached before the update


def complete(user, module, *, valid_until, cycle=1, certificate=True, days_ago=300):
    enrolment = Enrolment.objects.create(
        user=user,
        module=module,
        module_title=module.title,
        cycle=cycle,
        started_at=timezone.now() - datetime.timedelta(days=400),
        completed_at=timezone.now() - datetime.timedelta(days=days_ago),
        valid_until=valid_until,
    )
    if certificate:
        return issue_certificate(enrolment=enrolment)[0]
    return enrolment


def home(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def organisation(general_module, caseworker_module, manager):
    LearnerProfile.objects.filter(user=manager).update(excluded_from_reports_at=None)
    people = {
        "ana": learner("ana", name="Ana Current"),
        "ben": learner("ben", name="Ben Overdue", region="Leeds"),
        "cy": learner("cy", name="Cy Expiring"),
        "di": learner("di", name="Di Revoked"),
        "ed": learner("ed", name="Ed Renewed"),
        "flo": learner("flo", name="Flo NextMonth"),
    }
    complete(people["ana"], general_module, valid_until=TODAY + datetime.timedelta(days=200))
    complete(people["ben"], general_module, valid_until=TODAY - datetime.timedelta(days=5))
    complete(people["cy"], general_module, valid_until=datetime.date(2026, 12, 31))
    revoked = complete(people["di"], general_module, valid_until=datetime.date(2026, 12, 20))
    revoke_certificate(certificate=revoked, by=manager, reason="issued_in_error")
    complete(people["ed"], general_module, valid_until=datetime.date(2026, 12, 15))
    complete(
        people["ed"], general_module, cycle=2, days_ago=5, valid_until=datetime.date(2027, 12, 5)
    )
    complete(people["flo"], general_module, valid_until=datetime.date(2027, 1, 2))
    return people


def test_manager_sees_compliance_overdue_and_expiring(organisation, client_for, manager):
    html = home(client_for(manager))
    assert "Compliance by module" in html
    # General awareness: 7 learners (6 + the manager); currently trained: ana, cy, di (revoked
    # certificate, still a completion), ed, flo = 5 of 7 = 71%.
    assert "<strong>71%</strong>" in html
    # Caseworker training: no caseworker in the audience yet.
    assert "Caseworker training" in html
    overdue = html.partition('id="training-overdue-section"')[2]
    overdue = overdue.partition('id="training-expiring-section"')[0]
    assert "Ben Overdue" in overdue
    assert "One completion has expired" in overdue
    assert "Ana Current" not in overdue
    expiring = html.partition('id="training-expiring-section"')[2]
    assert "Cy Expiring" in expiring
    assert "One certificate expires by 31 December" in expiring
    for name in ("Di Revoked", "Ed Renewed", "Flo NextMonth", "Ana Current"):
        assert name not in expiring, name


def test_excluded_and_deactivated_learners_are_not_counted(organisation, client_for, manager):
    LearnerProfile.objects.filter(user=organisation["ben"]).update(
        excluded_from_reports_at=timezone.now(), exclusion_reason="left"
    )
    cy = organisation["cy"]
    cy.is_active = False
    cy.save()
    html = home(client_for(manager))
    assert "Ben Overdue" not in html
    assert "Cy Expiring" not in html
    assert "Nobody is overdue" in html


def test_trainer_and_learner_see_no_learner_panels(organisation, client_for, trainer, volunteer):
    html = home(client_for(trainer))
    assert "Compliance by module" not in html
    assert "Ben Overdue" not in html
    response = client_for(volunteer).get("/admin/")
    assert response.status_code == 302  # learners have no admin at all


def test_home_page_queries_do_not_grow_with_learners(
    general_module, caseworker_module, manager, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries():
        client = client_for(manager)
        client.get("/admin/")  # warm the per-content caches
        with CaptureQueriesContext(connection) as captured:
            home(client)
        return len(captured)

    for number in range(3):
        complete(learner(f"a{number}"), general_module, valid_until=TODAY, certificate=False)
        complete(learner(f"b{number}"), general_module, valid_until=datetime.date(2026, 12, 30))
    few = count_queries()
    for number in range(3, 30):
        complete(learner(f"a{number}"), general_module, valid_until=TODAY, certificate=False)
        complete(learner(f"b{number}"), general_module, valid_until=datetime.date(2026, 12, 30))
    many = count_queries()
    assert many == few
    # Wagtail's own workflow panels (the moderation workflow: states, tasks, approval groups)
    # cost 4 of these, whatever the number of learners.
    assert few <= 34, few
