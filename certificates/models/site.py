"""
What every certificate says about the organisation: set by trainers in the Wagtail admin.

A site setting (Settings → Certificates), so a second site could have its own. The certificate
PDF is drawn from these settings *when it is rendered*, while everything about the learner comes
from the frozen certificate; "Preview" in the same screen draws a sample certificate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        blank=True,
        help_text=_("As printed on certificates. Empty: the name in the training settings."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("A PNG or JPEG, ideally wider than tall, on a white or clear background."),
    )
    heading = models.CharField(
        _("heading"), max_length=80, default=gettext_noop("Certificate of completion")
    )
    statement = models.CharField(
        _("wording before the module title"),
        max_length=200,
        default=gettext_noop("has completed the training module"),
    )
    closing_text = models.CharField(
        _("closing line"),
        max_length=300,
        blank=True,
        default=gettext_noop("Thank you for helping to keep people safe from exploitation."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=120, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
        help_text=_("A scan of the signature, dark ink on white or transparent."),
    )

    panels = [
        HelpPanel(template="certificates/admin/settings_preview_panel.html", heading=_("Preview")),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("logo")], heading=_("Organisation")
        ),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("statement"), FieldPanel("closing_text")],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_role"), FieldPanel("signature")],
            heading=_("Signature"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate settings")
