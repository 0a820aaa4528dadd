"""
Certificates in the Wagtail admin, for training managers.

* The listing (filter by module, status, issue and expiry dates; search by name or code; export
  to a spreadsheet) and a read-only page per certificate with its reminders. Certificates are
  issued by the platform, never added, edited or deleted by hand: the permission policy below
  refuses those actions to everyone, superusers included.
* "Revoke" (a reason category and a private note; who and when are kept) and "Reissue" (a
  corrected name and why; the old certificate shows as replaced, the new one carries new codes
  and says it replaced an earlier one; the audit log keeps who changed which name to which).
* "Refreshers after pathway changes": for each significant change to a referral pathway, how
  many learners were certified on an earlier version, and a form that asks them to refresh.
* "Preview", linked from Settings → Certificate settings: a sample certificate drawn with the
  saved settings.
"""

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Site

from certificates import services
from certificates.models import Certificate, CertificateStatus, RevocationReason
from certificates.pdf import look_for_site, render_certificate_pdf
from elearning.admin_policies import PlatformRecordPolicy
from elearning.ids import IdModelChoiceFilter
from elearning.spreadsheets import SafeSpreadsheetExportMixin
from modules.models import TrainingModulePage
from modules.validity import add_months

REVOKE_PERMISSION = "certificates.revoke_certificate"


class CertificatePermissionPolicy(PlatformRecordPolicy):
    """Certificates are issued by the platform: nobody adds, edits or deletes one by hand."""


class CertificateFilterSet(WagtailFilterSet):
    module = IdModelChoiceFilter(
        label=_("Module"), queryset=TrainingModulePage.objects.order_by("title")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateStatus.choices, method="filter_status"
    )
    issued_at = django_filters.DateFromToRangeFilter(
        label=_("Issued"), widget=DateRangePickerWidget
    )
    expires_on = django_filters.DateFromToRangeFilter(
        label=_("Expires"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificate
        fields = ["module", "status", "issued_at", "expires_on", "cycle"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value) if value else queryset


class StatusColumn(Column):
    """The status in words, computed for today."""

    def get_value(self, instance):
        return instance.status().label


def certificate_action_buttons(user, certificate, *, public_page=False):
    """Download (and the public check page), then revoke and reissue for those who may."""
    buttons = [
        Button(
            _("Download PDF"),
            url=reverse("certificate_download", args=[certificate.code]),
            icon_name="download",
            priority=20,
        )
    ]
    if public_page:
        buttons.append(
            Button(
                _("Public check page"),
                url=certificate.get_verify_path(),
                icon_name="link-external",
                priority=25,
            )
        )
    if certificate.revoked_at is None and user.has_perm(REVOKE_PERMISSION):
        buttons += [
            Button(
                label,
                url=reverse(f"certificates_admin:{action}", args=[certificate.pk]),
                icon_name=icon,
                priority=priority,
            )
            for label, action, icon, priority in (
                (_("Revoke"), "revoke", "cross", 30),
                (_("Reissue with a corrected name"), "reissue", "rotate", 40),
            )
        ]
    return buttons


class CertificateIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    #: Needed to download an export of the listing later (elearning/exports.py).
    export_permission = "certificates.view_certificate"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("module", "replaced_by")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *certificate_action_buttons(self.request.user, instance),
        ]

    # Spreadsheet cells: plain values a spreadsheet can sort.
    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "status" in row:
            row["status"] = item.status().label
        if "revocation_reason" in row:
            row["revocation_reason"] = item.get_revocation_reason_display()
        if isinstance(row.get("score"), Decimal):
            row["score"] = float(row["score"])
        if isinstance(row.get("issued_at"), datetime.datetime):
            row["issued_at"] = timezone.localtime(row["issued_at"]).date()
        if isinstance(row.get("revoked_at"), datetime.datetime):
            row["revoked_at"] = timezone.localtime(row["revoked_at"]).date()
        return row


class CertificateInspectView(generic.InspectView):
    fields = [
        "learner_name",
        "module_title",
        "cycle",
        "short_code",
        "code",
        "issued_at",
        "expires_on",
        "score",
        "pathway_versions",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "revocation_note",
        "replaced_by",
    ]

    def get_score_display_value(self):
        score = self.object.score
        return f"{score:.0f}%" if score is not None else _("No quiz")

    def get_pathway_versions_display_value(self):
        return self.object.pathway_summary or "–"

    @property
    def header_more_buttons(self):
        return certificate_action_buttons(self.request.user, self.object, public_page=True)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 310
    add_to_admin_menu = False  # listed in the "Certificates" menu (wagtail_hooks)
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    filterset_class = CertificateFilterSet
    search_fields = ["learner_name", "module_title", "short_code", "code"]
    search_backend_name = None
    list_display = [
        "learner_name",
        "module_title",
        "short_code",
        Column("issued_at", label=_("Issued"), sort_key="issued_at"),
        Column("expires_on", label=_("Expires"), sort_key="expires_on"),
        StatusColumn("status", label=_("Status")),
    ]
    list_export = [
        "learner_name",
        "module_title",
        "cycle",
        "short_code",
        "code",
        "issued_at",
        "expires_on",
        "score",
        "status",
        "revoked_at",
        "revocation_reason",
    ]
    export_headings = {
        "learner_name": _("Name on certificate"),
        "module_title": _("Module"),
        "cycle": _("Cycle"),
        "short_code": _("Short code"),
        "code": _("Code"),
        "issued_at": _("Issued"),
        "expires_on": _("Expires"),
        "score": _("Score (%)"),
        "status": _("Status"),
        "revoked_at": _("Revoked"),
        "revocation_reason": _("Revocation reason"),
    }
    export_filename = "certificates"
    list_per_page = 50
    ordering = ["-issued_at"]

    def get_urlpatterns(self):
        """Only the listing and the read-only page: no add, edit, copy or delete views."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "copy_url_name",
            "history_url_name",
            "usage_url_name",
        ):
            kwargs.pop(name, None)
        return kwargs


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason (shown on the public check page)"),
        choices=[
            (value, label)
            for value, label in RevocationReason.choices
            if value not in (RevocationReason.REPLACED, RevocationReason.ERASED)
        ],
    )
    note = forms.CharField(
        label=_("Private note (never shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class ReissueForm(forms.Form):
    learner_name = forms.CharField(label=_("Name as it should appear"), max_length=200)
    reason = forms.CharField(
        label=_("Why is it reissued? (kept in the audit log, never shown publicly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def revoke_view(request, pk):
    _require(request, REVOKE_PERMISSION)
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(
                certificate=certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Certificate %(code)s has been revoked.") % {"code": certificate.short_code},
            )
        return redirect(certificate_admin_url(certificate))
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {"certificate": certificate, "form": form, "back_url": certificate_admin_url(certificate)},
    )


def reissue_view(request, pk):
    _require(request, REVOKE_PERMISSION)
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReissueForm(request.POST or None, initial={"learner_name": certificate.learner_name})
    if request.method == "POST" and form.is_valid():
        try:
            replacement = services.reissue_certificate(
                certificate=certificate,
                by=request.user,
                learner_name=form.cleaned_data["learner_name"],
                reason=form.cleaned_data["reason"],
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
            return redirect(certificate_admin_url(certificate))
        messages.success(
            request,
            _("A corrected certificate %(new)s replaces %(old)s; the learner has been emailed.")
            % {"new": replacement.short_code, "old": certificate.short_code},
        )
        return redirect(certificate_admin_url(replacement))
    return TemplateResponse(
        request,
        "certificates/admin/reissue.html",
        {"certificate": certificate, "form": form, "back_url": certificate_admin_url(certificate)},
    )


def certificate_admin_url(certificate):
    return reverse(f"{certificate_viewset.url_namespace}:inspect", args=[certificate.pk])


def preview_view(request):
    """A sample certificate drawn with the site's saved certificate settings."""
    if not (
        request.user.has_perm("certificates.change_certificatesettings")
        or request.user.has_perm("certificates.view_certificate")
    ):
        raise PermissionDenied
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    today = timezone.now()
    sample = Certificate(
        code="samplesamplesamplesamplesa",
        short_code="SAMPL-E0000",
        learner_name="Amina Rahman-Kowalska",
        module_title="General awareness of human trafficking and modern slavery",
        issued_at=today,
        expires_on=add_months(timezone.localdate(), 12),
        score=Decimal("92"),
        pathway_versions=[{"key": "adults", "title": "Adults", "version": 1}],
    )
    pdf = render_certificate_pdf(sample, look_for_site(site))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    return response


class PathwayRefresherForm(forms.Form):
    reason = forms.CharField(
        label=_("What changed, in a sentence learners will read"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def pathway_refreshers_view(request):
    """Significant pathway changes and who was certified on an earlier version."""
    from pathways.models import PathwayChange

    _require(request, REVOKE_PERMISSION)
    changes = list(
        PathwayChange.objects.filter(significant=True)
        .select_related("pathway", "published_by")
        .order_by("-published_at")[:50]
    )
    certificates = services.current_newest_certificates()  # loaded once for every change
    rows = []
    for change in changes:
        affected = services.certificates_trained_on_earlier_version(change, certificates)
        asked = change_reminder_count(change)
        rows.append({"change": change, "affected": len(affected), "asked": asked})
    return TemplateResponse(request, "certificates/admin/pathway_refreshers.html", {"rows": rows})


def change_reminder_count(change):
    from certificates.models import RefresherReminder, ReminderKind

    return RefresherReminder.objects.filter(
        kind=ReminderKind.PATHWAY_CHANGE, pathway_change=change
    ).count()


def pathway_refresher_request_view(request, change_pk):
    from pathways.models import PathwayChange

    _require(request, REVOKE_PERMISSION)
    change = get_object_or_404(PathwayChange.objects.select_related("pathway"), pk=change_pk)
    affected = services.certificates_trained_on_earlier_version(change)
    form = PathwayRefresherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.request_pathway_refresher(
                pathway_change=change, reason=form.cleaned_data["reason"]
            )
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s learners have been asked to take a refresher.") % {"count": count},
            )
        return redirect("certificates_admin:pathway_refreshers")
    return TemplateResponse(
        request,
        "certificates/admin/pathway_refresher_request.html",
        {"change": change, "affected": affected, "form": form},
    )


certificate_viewset = CertificateViewSet("certificates")

admin_urlpatterns = [
    path("preview/", preview_view, name="preview"),
    path("<id:pk>/revoke/", revoke_view, name="revoke"),
    path("<id:pk>/reissue/", reissue_view, name="reissue"),
    path("pathway-refreshers/", pathway_refreshers_view, name="pathway_refreshers"),
    path(
        "pathway-refreshers/<id:change_pk>/",
        pathway_refresher_request_view,
        name="pathway_refresher_request",
    ),
]

__all__ = [
    "CertificatePermissionPolicy",
    "admin_urlpatterns",
    "certificate_viewset",
]
