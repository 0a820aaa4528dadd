"""
The vocabulary of trafficking indicators.

Seven spot-the-signs categories recur across UK guidance (physical appearance, isolation, poor
living conditions, few personal effects, restricted freedom of movement, unusual travel times,
reluctance to seek help). Lessons show indicator cards in these categories; later the indicator
library, questions and scenarios use the same values, so reports can say which kinds of sign
learners miss.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignCategory(models.TextChoices):
    PHYSICAL_APPEARANCE = "physical_appearance", _("Physical appearance")
    ISOLATION = "isolation", _("Isolation")
    POOR_LIVING_CONDITIONS = "poor_living_conditions", _("Poor living conditions")
    FEW_PERSONAL_EFFECTS = "few_personal_effects", _("Few or no personal effects")
    RESTRICTED_MOVEMENT = "restricted_movement", _("Restricted freedom of movement")
    UNUSUAL_TRAVEL_TIMES = "unusual_travel_times", _("Unusual travel times")
    RELUCTANCE_TO_SEEK_HELP = "reluctance_to_seek_help", _("Reluctance to seek help")


class ExploitationType(models.TextChoices):
    GENERAL = "general", _("Any form of exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    CRIMINAL_EXPLOITATION = "criminal_exploitation", _("Criminal exploitation")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
