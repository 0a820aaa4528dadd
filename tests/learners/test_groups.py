"""The role groups exist after migrate, with exactly their permissions."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from learners.groups import ensure_role_groups
from learners.roles import Role


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_every_role_group_exists_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Volunteers", "Staff", "Caseworkers", "Trainers", "Training managers"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.STAFF, Role.CASEWORKER])
def test_learner_groups_hold_no_admin_permissions(role):
    assert codenames(role.group_name) == set()
    assert not GroupPagePermission.objects.filter(group__name=role.group_name).exists()


@pytest.mark.django_db
def test_trainers_edit_pages_but_neither_publish_nor_delete():
    """Trainers submit their changes; a training lead approves and so publishes them."""
    assert "wagtailadmin.access_admin" in codenames("Trainers")
    page_permissions = set(
        GroupPagePermission.objects.filter(group__name="Trainers").values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page"} <= page_permissions
    assert "publish_page" not in page_permissions
    assert "delete_page" not in page_permissions


@pytest.mark.django_db
def test_training_leads_have_the_trainers_permissions_and_publish():
    assert codenames("Training leads") == codenames("Trainers")
    page_permissions = set(
        GroupPagePermission.objects.filter(group__name="Training leads").values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_permissions
    assert "delete_page" not in page_permissions


@pytest.mark.django_db
def test_training_managers_see_progress_but_edit_no_content():
    permissions = codenames("Training managers")
    assert {"wagtailadmin.access_admin", "modules.view_learner_progress"} <= permissions
    assert not GroupPagePermission.objects.filter(group__name="Training managers").exists()
    # The one thing managers change is extra time on quizzes (a reasonable adjustment).
    # Learner profiles are records about people, not training content; a SCORM dispatch
    # offers a module to another LMS without changing it (issue 24).
    content_edits = [
        p
        for p in permissions
        if p.split(".")[1].startswith(("add_", "change_", "delete_"))
        and not p.endswith("_timeallowance")
        and not p.startswith(("learners.", "scorm."))
    ]
    assert content_edits == []


LEARNER_MANAGEMENT = {
    "learners.view_learnerprofile",
    "learners.change_learnerprofile",
    "learners.import_learners",
    "learners.deactivate_learner",
    "learners.export_learner_data",
    "learners.erase_learner",
}


@pytest.mark.django_db
def test_training_managers_manage_learners_and_nobody_else_does():
    assert codenames("Training managers") >= LEARNER_MANAGEMENT
    for role in (Role.VOLUNTEER, Role.STAFF, Role.CASEWORKER, Role.TRAINER):
        assert not LEARNER_MANAGEMENT & codenames(role.group_name)
    # Nobody deletes or adds learners in the Learners menu: they are erased or imported.
    assert "learners.delete_learnerprofile" not in codenames("Training managers")


@pytest.mark.django_db
def test_ensure_role_groups_is_idempotent_and_repairs_drift():
    trainers = Group.objects.get(name="Trainers")
    trainers.permissions.clear()
    ensure_role_groups()
    ensure_role_groups()
    assert "wagtailadmin.access_admin" in codenames("Trainers")
    assert Group.objects.filter(name="Trainers").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TRAINER, Role.TRAINING_MANAGER])
def test_trainers_and_managers_manage_scorm_dispatches_but_never_delete_them(role):
    permissions = codenames(role.group_name)
    assert {"scorm.add_dispatch", "scorm.change_dispatch", "scorm.view_dispatch"} <= permissions
    assert "scorm.delete_dispatch" not in permissions
