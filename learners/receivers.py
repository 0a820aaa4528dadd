"""
Keep every account's learner profile present and its role in step with its role groups.

Accounts are created in several places (the CSV import, Wagtail's user editor, the demo command,
tests), and role groups are changed in several places too (Wagtail's group and user editors,
:func:`learners.services.assign_role`). Listening to the account and its group membership here is
what keeps ``LearnerProfile.role`` true whichever way the change came.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from learners.models import LearnerProfile
from learners.roles import role_from_group_names


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="learners-create-profile")
def create_learner_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        LearnerProfile.objects.get_or_create(
            user=instance,
            defaults={
                "role": role_from_group_names(instance.groups.values_list("name", flat=True))
            },
        )


def sync_roles(user_ids):
    """Set each profile's role from its account's role groups (one query per account)."""
    for user_id in user_ids:
        names = Group.objects.filter(user__id=user_id).values_list("name", flat=True)
        LearnerProfile.objects.filter(user_id=user_id).update(role=role_from_group_names(names))


@receiver(
    m2m_changed,
    sender=get_user_model().groups.through,
    dispatch_uid="learners-sync-role-with-groups",
)
def sync_role_with_groups(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            sync_roles([instance.pk])
        return
    # Changed from the group's side: ``instance`` is the group, ``pk_set`` the accounts.
    if action == "pre_clear":
        instance._learners_cleared_user_ids = list(instance.user_set.values_list("pk", flat=True))
    elif action == "post_clear":
        sync_roles(getattr(instance, "_learners_cleared_user_ids", []))
    elif action in ("post_add", "post_remove"):
        sync_roles(pk_set or [])
