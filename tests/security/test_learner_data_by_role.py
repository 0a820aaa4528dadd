"""
Who sees a learner's personal data in the admin: training managers (and administrators) do;
trainers, who write content, see none of it: not the learner listing or records, not the learner
chooser, not access arrangements (extra time) and their reasons, not certificates.

One matrix of the pages that hold learner data, per role; then every admin page without
parameters, found through the URL resolver, opened as a trainer, must show none of a learner's
name, email or arrangement reason.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services import issue_certificate
from learners.models import LearnerProfile
from modules.models import Enrolment
from quizzes.models import TimeAllowance
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.security.test_every_route_with_odd_ids import ROUTE_PARAMETER, all_routes

pytestmark = pytest.mark.django_db

NAME_FIRST, NAME_LAST = "Zanele", "Okonkwo-Privatus"
EMAIL = "zanele.privatus@example.org"
REASON = "Dyslexia assessment (specialist report)"
MARKERS = (NAME_LAST, EMAIL, REASON)


@pytest.fixture
def learner_with_an_arrangement(general_module):
    learner = UserFactory(
        username="zanele", first_name=NAME_FIRST, last_name=NAME_LAST, email=EMAIL
    )
    LearnerProfile.objects.filter(user=learner).update(display_name=f"{NAME_FIRST} {NAME_LAST}")
    allowance = TimeAllowance.objects.create(user=learner, extra_minutes=25, reason=REASON)
    enrolment = Enrolment.objects.create(
        user=learner,
        module=general_module,
        module_title=general_module.title,
        cycle=1,
        started_at=timezone.now(),
        completed_at=timezone.now(),
    )
    certificate, _created = issue_certificate(enrolment=enrolment)
    profile = LearnerProfile.objects.get(user=learner)
    return {"profile": profile, "allowance": allowance, "certificate": certificate}


def learner_data_pages(data):
    profile, allowance = data["profile"], data["allowance"]
    return {
        "learner listing": reverse("learners:index"),
        "learner record": reverse("learners:inspect", args=[profile.pk]),
        "learner search": reverse("learners:index") + "?q=zanele",
        "extra time listing": reverse("extra_time:index"),
        "extra time entry": reverse("extra_time:edit", args=[allowance.pk]),
        "learner chooser": reverse("learner_chooser:choose"),
        "learner chooser search": reverse("learner_chooser:choose_results") + "?q=zanele",
        "certificates": reverse("certificates:index"),
        "certificate": reverse("certificates:inspect", args=[data["certificate"].pk]),
        "compliance report": reverse("training_reports:compliance"),
        "expiry report": reverse("training_reports:expiry"),
    }


#: Who may open each kind of page: the learner data is for managers and administrators.
MAY_SEE = {"manager", "superuser"}


@pytest.mark.parametrize("role", ["volunteer", "trainer", "manager", "superuser"])
def test_learner_data_pages_by_role(request, role, learner_with_an_arrangement):
    client = signed_in(request.getfixturevalue(role))
    for page, url in learner_data_pages(learner_with_an_arrangement).items():
        response = client.get(url)
        if role in MAY_SEE:
            assert response.status_code == 200, (role, page, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (role, page, response.status_code)
            body = response.content.decode()
            assert not [m for m in MARKERS if m in body], (role, page)


def test_anonymous_visitors_are_sent_to_sign_in(client, learner_with_an_arrangement):
    for url in learner_data_pages(learner_with_an_arrangement).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(("/accounts/login/", "/admin/login/"))


def test_managers_see_the_arrangement_and_its_reason(
    client_for, manager, learner_with_an_arrangement
):
    allowance = learner_with_an_arrangement["allowance"]
    body = client_for(manager).get(reverse("extra_time:edit", args=[allowance.pk])).content
    assert REASON in body.decode()


def test_no_admin_page_shows_a_trainer_any_learners_personal_data(
    client_for, trainer, learner_with_an_arrangement
):
    client = client_for(trainer)
    client.raise_request_exception = False
    routes = sorted(
        {
            route
            for route in all_routes()
            if route.startswith("admin/") and not ROUTE_PARAMETER.search(route)
        }
    )
    shown = []
    for route in routes:
        response = client.get("/" + route.replace("\\", ""))
        body = response.content.decode(errors="replace") if not response.streaming else ""
        shown += [f"/{route}: {marker}" for marker in MARKERS if marker in body]
    assert not shown, "\n".join(shown)
