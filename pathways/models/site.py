"""
Site-wide training settings and the help contacts shown to every learner.

``TrainingSettings`` is a Wagtail site setting: one row per site, edited by trainers under
Settings in the admin. ``HelpContact`` is a translatable snippet: each contact (999, the
Modern Slavery & Exploitation Helpline, the organisation's own anti-trafficking lead) exists once
per language, so adding a language later needs no data migration. It is registered with the admin
in ``pathways/wagtail_hooks.py``, under "Training content".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site, TranslatableMixin
from wagtail.search import index

from elearning import content_memo

#: The name a fresh site shows until the organisation sets its own (a demo, not a placeholder
#: that reads as real); the first-run checklist asks for it until it changes.
DEMO_ORGANISATION_NAME = "Demo Charity"


@register_setting(icon="cog")
class TrainingSettings(BaseSiteSetting):
    """Who the organisation is and who learners turn to; shown in the header and footer."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=120, default=DEMO_ORGANISATION_NAME
    )
    lead_role_name = models.CharField(
        _("name of the lead role"),
        max_length=80,
        default="anti-trafficking lead",
        help_text=_("What learners call the person they tell, in lower case."),
    )
    lead_contact = models.CharField(
        _("how to reach the lead"),
        max_length=255,
        blank=True,
        help_text=_("An internal phone number, email or instruction. Never a personal mobile."),
    )
    wellbeing_support_name = models.CharField(
        _("wellbeing support"),
        max_length=160,
        blank=True,
        help_text=_(
            "The organisation's wellbeing service for staff and volunteers, by name, such as an "
            "employee assistance programme. Shown in content notes and the wellbeing lesson."
        ),
    )
    wellbeing_support_contact = models.CharField(
        _("how to reach wellbeing support"),
        max_length=255,
        blank=True,
        help_text=_("A phone number, email, intranet page or instruction."),
    )
    training_support_email = models.EmailField(
        _("training support email"),
        blank=True,
        help_text=_("Where learners write with questions about the training itself."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("lead_role_name"),
        FieldPanel("lead_contact"),
        FieldPanel("wellbeing_support_name"),
        FieldPanel("wellbeing_support_contact"),
        FieldPanel("training_support_email"),
    ]

    class Meta:
        db_table = "content_trainingsettings"  # made when the model lived in ``content``
        verbose_name = _("training settings")

    @property
    def has_own_organisation_name(self):
        return self.organisation_name.strip() not in ("", DEMO_ORGANISATION_NAME)

    @property
    def has_wellbeing_support(self):
        return bool(self.wellbeing_support_name.strip() and self.wellbeing_support_contact.strip())

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, read once per content version.

        Every learner page shows them in its header and footer; while no content changes they
        stay the same (:mod:`elearning.content_memo`). Wagtail keeps them on the request too.
        """
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        site_settings = content_memo.remember(
            ("site-setting", cls._meta.label, site.pk), lambda: cls.for_site(site)
        )
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings


class HelpContactQuerySet(models.QuerySet):
    def for_locale(self, locale):
        return self.filter(locale=locale).order_by("sort_order", "name")


class HelpContact(TranslatableMixin, index.Indexed, models.Model):
    """A phone line or service learners may need, such as 999 or the national helpline."""

    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(_("when to use it"), max_length=255)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    availability = models.CharField(_("availability"), max_length=120, blank=True)
    is_emergency = models.BooleanField(
        _("emergency"), default=False, help_text=_("Shown first and marked as urgent.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = HelpContactQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("purpose"),
        FieldPanel("phone"),
        FieldPanel("availability"),
        FieldPanel("is_emergency"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("purpose")]

    class Meta(TranslatableMixin.Meta):
        db_table = "content_helpcontact"  # made when the model lived in ``content``
        verbose_name = _("help contact")
        verbose_name_plural = _("help contacts")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
