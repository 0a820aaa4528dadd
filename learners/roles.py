"""The roles of the platform and the Django group that carries each one."""

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
