"""
The indicator library: signs that may point to trafficking or exploitation.

Each :class:`Indicator` is one sign ("Someone else holds their passport or ID") with its
spot-the-signs category, the forms of exploitation it is associated with and an explanation of
why it matters and where its limits are. Every sign is a reason for concern and for a
conversation with the lead, never proof on its own. Scenario observations refer to an indicator
by its ``key``, which is unique per language. Indicators keep revisions, so a trainer's edit (or
a reload of the default content) can always be compared with and reverted to an earlier text.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from pathways.indicators import ExploitationType, SignCategory


def validate_exploitation_types(value):
    """A list of distinct :class:`~pathways.indicators.ExploitationType` values."""
    if not isinstance(value, list):
        raise ValidationError(_("Choose the forms of exploitation as a list."), code="invalid")
    unknown = [item for item in value if item not in ExploitationType.values]
    if unknown:
        raise ValidationError(
            _("Unknown form of exploitation: %(values)s."),
            code="invalid_choice",
            params={"values": ", ".join(map(str, unknown))},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Choose each form of exploitation once."), code="duplicate")


class Indicator(TranslatableMixin, RevisionMixin, models.Model):
    """One sign of possible trafficking, its category and what it can and cannot tell you."""

    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A short, stable name such as “documents-held”. Scenarios refer to it."),
    )
    sign = models.CharField(_("sign"), max_length=255)
    category = models.CharField(_("category"), max_length=40, choices=SignCategory.choices)
    exploitation_types = models.JSONField(
        _("forms of exploitation"),
        default=list,
        validators=[validate_exploitation_types],
        help_text=_("The forms of exploitation this sign is often seen with."),
    )
    explanation = models.TextField(
        _("explanation"),
        help_text=_("Why it matters, and its limits: one sign on its own proves nothing."),
    )

    #: Scenario observations refer to an indicator by its key: a translation keeps it.
    override_translatable_fields = [SynchronizedField("key")]

    class Meta:
        db_table = "content_indicator"  # made when the model lived in ``content``
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category", "sign"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_key_locale_content_indicator",
            ),
            models.UniqueConstraint(
                fields=["key", "locale"], name="content_indicator_unique_key_per_locale"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=SignCategory.values),
                name="content_indicator_known_category",
            ),
        ]

    def __str__(self):
        return self.sign

    def get_exploitation_types_display(self):
        """The forms of exploitation in words, in the order of :class:`ExploitationType`."""
        labels = dict(ExploitationType.choices)
        return ", ".join(
            str(labels[value])
            for value in ExploitationType.values
            if value in self.exploitation_types
        )
