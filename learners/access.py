"""
Who may manage whom.

Training managers hold the permissions to import, deactivate, export and erase learners
(:mod:`learners.groups`). They may use them on learners, but not on themselves and not on
accounts that work in the admin (superusers, staff, trainers, other managers): a training
manager must not be able to lock out or erase the people who administer the platform. A
superuser may manage anyone but themselves.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from learners.roles import Role

ADMIN_ROLE_GROUPS = {role.group_name for role in Role if role.has_admin_access}

#: The permission each learner action needs, as "app_label.codename".
PERMISSIONS = {
    "view": "learners.view_learnerprofile",
    "change": "learners.change_learnerprofile",
    "import": "learners.import_learners",
    "deactivate": "learners.deactivate_learner",
    "export": "learners.export_learner_data",
    "erase": "learners.erase_learner",
}


def in_admin_role_groups():
    """An expression for querysets of profiles: is the learner in an admin role group?

    Listings annotate it (``in_admin_role_groups``) so that checking each row costs no query.
    """
    from django.contrib.auth import get_user_model

    memberships = get_user_model().groups.through.objects.filter(
        user_id=OuterRef("user_id"), group__name__in=ADMIN_ROLE_GROUPS
    )
    return Exists(memberships)


def has_admin_access(user, *, in_admin_role_groups=None):
    """True for accounts that work in the admin rather than only learn."""
    if user.is_superuser or user.is_staff:
        return True
    if in_admin_role_groups is not None:
        return in_admin_role_groups
    return user.groups.filter(name__in=ADMIN_ROLE_GROUPS).exists()


def refusal_to_manage(actor, target, *, in_admin_role_groups=None):
    """Why ``actor`` may not deactivate, erase or invite ``target``; "" when they may.

    ``in_admin_role_groups`` saves a query when the caller knows it (see the function above).
    """
    if actor.pk == target.pk:
        return _("You cannot do this to your own account.")
    if actor.is_superuser:
        return ""
    if has_admin_access(target, in_admin_role_groups=in_admin_role_groups):
        return _(
            "This account works in the admin (trainer, manager or administrator); "
            "an administrator manages it."
        )
    return ""
