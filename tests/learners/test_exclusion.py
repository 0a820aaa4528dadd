"""Excluding a learner from the report counts: who may, what is kept, and undoing it."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from learners.models import LearnerProfile


def profile_of(user):
    return LearnerProfile.objects.get(user=user)


def exclude_url(user):
    return reverse("learners:exclude_from_reports", args=[profile_of(user).pk])


def include_url(user):
    return reverse("learners:include_in_reports", args=[profile_of(user).pk])


def test_manager_excludes_a_learner_with_a_reason_kept_with_who_and_when(
    client_for, manager, volunteer
):
    response = client_for(manager).post(
        exclude_url(volunteer), {"reason": "left", "note": "Moved away in March"}
    )
    assert response.status_code == 302
    profile = profile_of(volunteer)
    assert profile.exclusion_reason == "left"
    assert profile.exclusion_note == "Moved away in March"
    assert profile.excluded_from_reports_by == manager
    assert profile.excluded_from_reports_at is not None
    assert volunteer.__class__.objects.get(pk=volunteer.pk).is_active  # can still sign in
    entry = ModelLogEntry.objects.get(action="protect.exclude_from_reports")
    assert entry.user_id == manager.pk and entry.data == {"reason": "left"}
    assert not LearnerProfile.objects.counted().filter(pk=profile.pk).exists()
    record = client_for(manager).get(reverse("learners:inspect", args=[profile.pk]))
    html = record.content.decode()
    assert "Left the organisation" in html and "Count in reports again" in html


def test_exclusion_is_reversible_and_logged(client_for, manager, volunteer):
    client = client_for(manager)
    client.post(exclude_url(volunteer), {"reason": "long_term_leave"})
    client.post(include_url(volunteer))
    profile = profile_of(volunteer)
    assert profile.excluded_from_reports_at is None
    assert profile.exclusion_reason == "" and profile.excluded_from_reports_by is None
    assert LearnerProfile.objects.counted().filter(pk=profile.pk).exists()
    actions = list(ModelLogEntry.objects.order_by("timestamp").values_list("action", "data"))
    assert actions[-2:] == [
        ("protect.exclude_from_reports", {"reason": "long_term_leave"}),
        ("protect.include_in_reports", {"previous_reason": "long_term_leave"}),
    ]


def test_exclusion_without_a_reason_changes_nothing(client_for, manager, volunteer):
    client = client_for(manager)
    assert "Exclude from report counts" in client.get(exclude_url(volunteer)).content.decode()
    response = client.post(exclude_url(volunteer), {"reason": "", "note": "x"})
    assert response.status_code == 400
    assert "Nothing changed" in response.content.decode()
    response = client.post(exclude_url(volunteer), {"reason": "holiday"})
    assert response.status_code == 400
    assert profile_of(volunteer).excluded_from_reports_at is None
    assert not ModelLogEntry.objects.filter(action="protect.exclude_from_reports").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_learners_and_trainers_cannot_exclude(client_for, trainer, volunteer, caseworker, method):
    for actor in (trainer, caseworker):
        response = getattr(client_for(actor), method)(exclude_url(volunteer), {"reason": "left"})
        assert response.status_code in (302, 403, 405)
        assert profile_of(volunteer).excluded_from_reports_at is None


def test_manager_cannot_exclude_themselves(client_for, manager):
    client_for(manager).post(exclude_url(manager), {"reason": "other"})
    assert profile_of(manager).excluded_from_reports_at is None


def test_an_exclusion_always_has_a_reason(volunteer):
    with pytest.raises(IntegrityError):
        LearnerProfile.objects.filter(user=volunteer).update(
            excluded_from_reports_at=timezone.now()
        )
