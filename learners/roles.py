"""
The roles of the platform and the Django groups that carry each one.

A learner has one role (the profile's ``role``), carried by one or two groups: caseworkers,
trainers and training managers are staff members too, so they are also in "Staff" (modules whose
audience is staff are theirs as well). :func:`groups_for_role` says which groups a role means;
:func:`role_from_group_names` reads the role back from a learner's groups, the most senior first.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role's value is the name of its Django group (stable: modules' audiences refer to it)."""

    VOLUNTEER = "Volunteers", _("Volunteer")
    STAFF = "Staff", _("Staff member")
    CASEWORKER = "Caseworkers", _("Caseworker")
    TRAINER = "Trainers", _("Trainer")
    TRAINING_MANAGER = "Training managers", _("Training manager")

    @property
    def group_name(self):
        return self.value

    @property
    def has_admin_access(self):
        """Trainers and training managers work in the admin; an import may not grant that."""
        return self in (Role.TRAINER, Role.TRAINING_MANAGER)


#: From the most senior role down: a learner in several role groups has the first that matches.
ROLE_PRECEDENCE = (
    Role.TRAINING_MANAGER,
    Role.TRAINER,
    Role.CASEWORKER,
    Role.STAFF,
    Role.VOLUNTEER,
)

#: Roles a training manager may give by CSV import (learner roles, no admin access).
IMPORTABLE_ROLES = (Role.VOLUNTEER, Role.STAFF, Role.CASEWORKER)

#: Spellings accepted for each role in a CSV file, besides its value and label (case ignored).
ROLE_ALIASES = {
    Role.VOLUNTEER: ("volunteer", "volunteers"),
    Role.STAFF: ("staff", "staff member", "staff members", "employee"),
    Role.CASEWORKER: ("caseworker", "caseworkers", "case worker", "case workers"),
    Role.TRAINER: ("trainer", "trainers"),
    Role.TRAINING_MANAGER: ("training manager", "training managers", "manager"),
}


def groups_for_role(role):
    """The names of the role groups that ``role`` means (a set)."""
    role = Role(role)
    if role in (Role.CASEWORKER, Role.TRAINER, Role.TRAINING_MANAGER):
        return {Role.STAFF.group_name, role.group_name}
    return {role.group_name}


def role_from_group_names(names):
    """The most senior role whose group is among ``names``; "" when none is."""
    names = set(names)
    return next((role for role in ROLE_PRECEDENCE if role.group_name in names), "")


def parse_role(text):
    """The :class:`Role` that ``text`` names (value, label or alias, any case), or None."""
    wanted = " ".join(str(text or "").split()).casefold()
    if not wanted:
        return None
    for role in Role:
        spellings = {role.value.casefold(), str(role.label).casefold(), *ROLE_ALIASES[role]}
        if wanted in spellings:
            return role
    return None
