"""
The vocabulary of trafficking indicators.

Seven spot-the-signs categories recur across UK guidance (physical appearance, isolation, poor
living conditions, few personal effects, restricted freedom of movement, unusual travel times,
reluctance to seek help). Some signs fit none of them, and are not forced into one: three more
categories hold the ILO forced labour indicators about work, money and debt (deception, withheld
wages, debt bondage, excessive hours), the signs of grooming and coercion seen mostly with
children and in forced marriage, and the medical signs of trafficking for organ removal. Lessons
show indicator cards in these categories; the indicator library and scenarios use the same values,
so reports can say which kinds of sign learners miss.
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
    WORK_MONEY_DEBT = "work_money_debt", _("Work, money and debt")
    GROOMING_AND_COERCION = "grooming_and_coercion", _("Grooming, pressure and coercion")
    MEDICAL = "medical", _("Health and medical procedures")


class ExploitationType(models.TextChoices):
    GENERAL = "general", _("Any form of exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    CRIMINAL_EXPLOITATION = "criminal_exploitation", _("Criminal exploitation")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
