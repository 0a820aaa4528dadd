"""Every account has a profile whose role follows its role groups, whichever way they change."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from learners.models import ErasureRecord, LearnerProfile
from learners.roles import Role, groups_for_role, parse_role, role_from_group_names
from learners.services import assign_role, deactivate_learner, reactivate_learner
from tests.factories import UserFactory


@pytest.mark.django_db
def test_new_account_gets_a_profile_with_its_role(volunteer, caseworker, manager):
    assert LearnerProfile.objects.get(user=volunteer).role == Role.VOLUNTEER
    assert LearnerProfile.objects.get(user=caseworker).role == Role.CASEWORKER
    assert LearnerProfile.objects.get(user=manager).role == Role.TRAINING_MANAGER


@pytest.mark.django_db
def test_assign_role_replaces_role_groups_and_keeps_other_groups(volunteer):
    other = Group.objects.create(name="Newsletter")
    volunteer.groups.add(other)
    assign_role(user=volunteer, role=Role.CASEWORKER)
    assert set(volunteer.groups.values_list("name", flat=True)) == {
        "Staff",
        "Caseworkers",
        "Newsletter",
    }
    assert LearnerProfile.objects.get(user=volunteer).role == Role.CASEWORKER
    assign_role(user=volunteer, role=Role.VOLUNTEER)
    assert set(volunteer.groups.values_list("name", flat=True)) == {"Volunteers", "Newsletter"}
    assert LearnerProfile.objects.get(user=volunteer).role == Role.VOLUNTEER


@pytest.mark.django_db
def test_role_follows_changes_made_from_the_group_side(volunteer):
    Group.objects.get(name="Trainers").user_set.add(volunteer)
    assert LearnerProfile.objects.get(user=volunteer).role == Role.TRAINER
    Group.objects.get(name="Trainers").user_set.clear()
    assert LearnerProfile.objects.get(user=volunteer).role == Role.VOLUNTEER
    volunteer.groups.clear()
    assert LearnerProfile.objects.get(user=volunteer).role == ""


def test_roles_read_and_map_both_ways():
    assert parse_role("  case   WORKER ") == Role.CASEWORKER
    assert parse_role("Staff member") == Role.STAFF
    assert parse_role("Volunteers") == Role.VOLUNTEER
    assert parse_role("pilot") is None
    assert groups_for_role(Role.TRAINER) == {"Staff", "Trainers"}
    assert role_from_group_names(["Staff", "Caseworkers"]) == Role.CASEWORKER
    assert role_from_group_names([]) == ""


@pytest.mark.django_db
def test_profile_name_falls_back_to_full_name_then_username():
    user = UserFactory(username="jo", first_name="", last_name="")
    profile = user.learner_profile
    assert profile.name == "jo"
    user.first_name, user.last_name = "Jo", "Bloggs"
    assert profile.name == "Jo Bloggs"
    profile.display_name = "Joanna Bloggs"
    assert profile.name == "Joanna Bloggs"


@pytest.mark.django_db
def test_deactivation_keeps_records_and_can_be_reversed(volunteer, manager):
    profile = deactivate_learner(user=volunteer, by=manager)
    volunteer.refresh_from_db()
    assert not volunteer.is_active
    assert profile.deactivated_by == manager
    assert LearnerProfile.objects.deactivated().filter(user=volunteer).exists()
    reactivate_learner(user=volunteer, by=manager)
    volunteer.refresh_from_db()
    assert volunteer.is_active
    assert LearnerProfile.objects.get(user=volunteer).deactivated_at is None


@pytest.mark.django_db
def test_an_account_is_erased_at_most_once_constraint(volunteer):
    ErasureRecord.objects.create(user=volunteer)
    with pytest.raises(IntegrityError):
        ErasureRecord.objects.create(user=volunteer)
