"""
The Learners listing shows each learner's status in every module and their certificate's expiry,
filters by module, status, group and "certificate expires within N days", and its query count
does not grow with learners.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.services import issue_certificate
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import Enrolment
from tests.factories import UserFactory

INDEX = "/admin/learners/"
NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def person(username, roles=(Role.VOLUNTEER,)):
    user = UserFactory(username=username, roles=list(roles))
    LearnerProfile.objects.filter(user=user).update(display_name=username.title())
    return user


def enrol(user, module, *, completed=True, valid_until=None):
    enrolment = Enrolment.objects.create(
        user=user,
        module=module,
        module_title=module.title,
        started_at=timezone.now() - datetime.timedelta(days=400),
        completed_at=timezone.now() - datetime.timedelta(days=300) if completed else None,
        valid_until=valid_until,
    )
    if completed:
        issue_certificate(enrolment=enrolment)
    return enrolment


@pytest.fixture
def people(general_module, caseworker_module):
    found = {
        "amy": person("amy"),  # general: completed, certificate in 200 days
        "bo": person("bo"),  # general: in progress
        "cat": person("cat", [Role.STAFF, Role.CASEWORKER]),  # general: expired; caseworker: due
        "dev": person("dev"),  # nothing started
    }
    enrol(found["amy"], general_module, valid_until=TODAY + datetime.timedelta(days=200))
    enrol(found["bo"], general_module, completed=False)
    enrol(found["cat"], general_module, valid_until=TODAY - datetime.timedelta(days=3))
    enrol(found["cat"], caseworker_module, valid_until=TODAY + datetime.timedelta(days=12))
    return found


def rows(client, **params):
    """``{learner name: the text of their row}`` in the listing's table."""
    response = client.get(INDEX, params)
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    found = {}
    for row in body.split("<tr")[1:]:
        name = re.search(r">\s*(Amy|Bo|Cat|Dev)\s*</a>", row)
        if name:
            found[name.group(1)] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return found


@pytest.mark.django_db
class TestColumns:
    def test_each_module_has_a_column_with_status_and_expiry(self, people, client_for, manager):
        html = client_for(manager).get(INDEX).content.decode()
        assert "General awareness" in html and "Caseworker training" in html
        found = rows(client_for(manager))
        amy = found["Amy"]
        assert "Completed" in amy
        expiry = (TODAY + datetime.timedelta(days=200)).strftime("%-d %b %Y")
        assert f"Certificate expires {expiry}" in amy
        assert "Not required" in amy  # not a caseworker: the caseworker module is not for her
        assert "In progress" in found["Bo"]
        cat = found["Cat"]
        assert "Expired" in cat and "Refresher due" in cat
        dev = found["Dev"]
        assert "Not started" in dev


@pytest.mark.django_db
class TestFilters:
    def names(self, client, **params):
        return set(rows(client, **params))

    def test_module_and_status(
        self, people, general_module, caseworker_module, client_for, manager
    ):
        client = client_for(manager)
        general, caseworker = str(general_module.pk), str(caseworker_module.pk)
        assert self.names(client, module=general, training_status="completed") == {"Amy"}
        assert self.names(client, module=general, training_status="in_progress") == {"Bo"}
        assert self.names(client, module=general, training_status="expired") == {"Cat"}
        assert self.names(client, module=caseworker, training_status="refresher_due") == {"Cat"}
        assert "Dev" in self.names(client, module=general, training_status="not_started")
        # A module alone: the learners who should take it or took it.
        assert self.names(client, module=caseworker) == {"Cat"}

    def test_status_without_module_means_any_module(self, people, client_for, manager):
        assert self.names(client_for(manager), training_status="refresher_due") == {"Cat"}

    def test_expiring_within_days(self, people, general_module, client_for, manager):
        client = client_for(manager)
        assert self.names(client, expiring_within="30") == {"Cat"}  # caseworker, in 12 days
        assert self.names(client, expiring_within="365") == {"Amy", "Cat"}
        assert self.names(client, expiring_within="30", module=str(general_module.pk)) == set()

    def test_group(self, people, client_for, manager):
        from django.contrib.auth.models import Group

        caseworkers = Group.objects.get(name="Caseworkers")
        assert self.names(client_for(manager), group=str(caseworkers.pk)) == {"Cat"}

    @pytest.mark.parametrize(
        "params",
        [
            {"expiring_within": "-1"},
            {"expiring_within": "99999"},
            {"expiring_within": "soon"},
            {"module": "999999999999999999999"},
            {"training_status": "finished"},
            {"group": "1\x00"},
        ],
    )
    def test_bad_filter_values_are_refused_with_a_message(
        self, people, client_for, manager, params
    ):
        response = client_for(manager).get(INDEX, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Select a valid choice" in html or "Ensure this value" in html or (
            "Enter a whole number" in html
        )


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_learners(
    general_module, caseworker_module, client_for, manager
):
    client = client_for(manager)

    def batch(start, count):
        for number in range(start, start + count):
            user = person(f"learner{number}")
            enrol(user, general_module, valid_until=TODAY + datetime.timedelta(days=number))

    def queries(**params):
        client.get(INDEX, params)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX, params).status_code == 200
        return len(captured)

    batch(0, 3)
    few = queries(), queries(module=str(general_module.pk), expiring_within="60")
    batch(3, 40)
    many = queries(), queries(module=str(general_module.pk), expiring_within="60")
    assert many == few
    assert few[0] <= 25, few


def test_a_training_source_that_misses_a_method_cannot_be_made():
    from learners.listing import TrainingStatusSource

    class HalfASource(TrainingStatusSource):
        def modules(self):
            return []

    with pytest.raises(TypeError):
        HalfASource()
