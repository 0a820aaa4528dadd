"""
Admin views of the Learners menu beyond the listing and the profile form.

* The learner's record (the viewset's inspect view): profile, every module cycle, quiz attempts,
  certificates, assembled from the apps above through :func:`learners.record.record_sections`.
* Actions on one learner: deactivate, reactivate, send a new invitation (POST only), export
  everything as JSON, erase (a page that asks for the username to be typed).
* The CSV import: upload, preview of every row's outcome, apply. The parsed rows wait in the
  session under a random token between preview and apply, so nothing is written before the
  manager has seen the preview, and a second "apply" finds nothing left to do.

Every view checks a permission (``learners.access.PERMISSIONS``); actions on one learner also
check :func:`learners.access.refusal_to_manage`.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from learners import services
from learners.access import PERMISSIONS, refusal_to_manage
from learners.admin_forms import (
    ApplyImportForm,
    EraseConfirmForm,
    ExclusionForm,
    ImportUploadForm,
)
from learners.importing import (
    ImportFileError,
    ImportRow,
    ImportSummary,
    apply_import,
    check_against_database,
    preview_import,
)
from learners.models import ErasureRecord, LearnerProfile
from learners.record import record_sections

SESSION_KEY = "learners-import-preview"


def index_url():
    return reverse("learners:index")


def record_url(profile):
    return reverse("learners:inspect", args=[profile.pk])


class LearnersBreadcrumbsMixin:
    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": index_url(), "label": _("Learners")},
            *self.extra_breadcrumbs(),
        ]

    def extra_breadcrumbs(self):
        return [{"url": "", "label": self.get_page_title()}]


class PermissionRequiredMixin:
    """Refuse (403) users without ``permission`` (a key of ``learners.access.PERMISSIONS``)."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSIONS[self.permission]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LearnerActionMixin:
    """An action on one learner: loads the profile and refuses accounts the user may not manage.

    ``permission`` is a key of ``learners.access.PERMISSIONS``.
    """

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSIONS[self.permission]):
            raise PermissionDenied
        self.profile = get_object_or_404(
            LearnerProfile.objects.select_related("user"), pk=kwargs["pk"]
        )
        refusal = refusal_to_manage(request.user, self.profile.user)
        if refusal:
            messages.error(request, refusal)
            return redirect(record_url(self.profile))
        return super().dispatch(request, *args, **kwargs)


# The record ---------------------------------------------------------------------------------


class LearnerRecordView(InspectView):
    """A learner's whole training record on one page, with the actions a manager may take."""

    template_name = "learners/admin/record.html"
    page_title = gettext_lazy("Training record")

    def get_object(self, queryset=None):
        return get_object_or_404(
            LearnerProfile.objects.select_related(
                "user", "deactivated_by", "excluded_from_reports_by"
            ),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": index_url(), "label": _("Learners")},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def actions(self):
        user, profile = self.request.user, self.object
        may_manage = not refusal_to_manage(user, profile.user)
        allowed = {
            name: may_manage and user.has_perm(PERMISSIONS[name])
            for name in ("deactivate", "erase")
        }
        return {
            "edit": may_manage and self.get_edit_url(),
            "deactivate": allowed["deactivate"] and profile.status == "active",
            "reactivate": allowed["deactivate"] and profile.status == "deactivated",
            "invite": (
                allowed["deactivate"]
                and profile.status == "active"
                and not profile.user.has_usable_password()
                and bool(profile.user.email)
            ),
            "export": user.has_perm(PERMISSIONS["export"]),
            "erase": allowed["erase"] and not profile.is_erased,
            "exclude": (
                user.has_perm(PERMISSIONS["deactivate"])
                and user.pk != profile.user_id
                and profile.status == "active"
            ),
            "refusal": "" if may_manage else refusal_to_manage(user, profile.user),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            profile=self.object,
            account=self.object.user,
            sections=record_sections(self.object.user),
            actions=self.actions(),
            erasure=(
                ErasureRecord.objects.filter(user_id=self.object.user_id)
                .select_related("erased_by")
                .first()
                if self.object.is_erased
                else None
            ),
        )
        return context


# Actions on one learner ----------------------------------------------------------------------


class PostOnlyActionView(LearnerActionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            message = self.act()
        except services.LearnerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect(record_url(self.profile))


class DeactivateView(PostOnlyActionView):
    permission = "deactivate"

    def act(self):
        services.deactivate_learner(user=self.profile.user, by=self.request.user)
        return _("%(name)s is deactivated: they cannot sign in; their records are kept.") % {
            "name": self.profile.name
        }


class ReactivateView(PostOnlyActionView):
    permission = "deactivate"

    def act(self):
        services.reactivate_learner(user=self.profile.user, by=self.request.user)
        return _("%(name)s can sign in again.") % {"name": self.profile.name}


class InviteView(PostOnlyActionView):
    permission = "deactivate"

    def act(self):
        services.invite_learner(user=self.profile.user)
        return _("A new invitation is on its way to %(email)s.") % {
            "email": self.profile.user.email
        }


class ReportCountingMixin(PermissionRequiredMixin):
    """Loads the learner whose counting in reports changes; refuses the manager's own account.

    Unlike deactivating, this locks nobody out, so a manager may do it to any active account
    but their own (a trainer's test account, a manager on long-term leave).
    """

    permission = "deactivate"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSIONS[self.permission]):
            raise PermissionDenied
        self.profile = get_object_or_404(
            LearnerProfile.objects.select_related("user"), pk=kwargs["pk"]
        )
        if self.profile.user_id == request.user.pk:
            messages.error(request, _("You cannot do this to your own account."))
            return redirect(record_url(self.profile))
        return super().dispatch(request, *args, **kwargs)


class ExcludeFromReportsView(
    ReportCountingMixin, LearnersBreadcrumbsMixin, WagtailAdminTemplateMixin, View
):
    """Asks why, then leaves the learner out of the report counts."""

    template_name = "learners/admin/exclude.html"
    page_title = gettext_lazy("Exclude from report counts")
    header_icon = "user"

    def extra_breadcrumbs(self):
        return [
            {"url": record_url(self.profile), "label": str(self.profile)},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, form, status=200):
        context = self.get_context_data(form=form, profile=self.profile)
        return self.render_to_response(context, status=status)

    def get(self, request, pk):
        return self.render(ExclusionForm())

    def post(self, request, pk):
        form = ExclusionForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.exclude_from_reports(
                profile=self.profile,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.LearnerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer counted in the compliance and completion reports.")
                % {"name": self.profile.name},
            )
        return redirect(record_url(self.profile))


class IncludeInReportsView(ReportCountingMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        services.include_in_reports(profile=self.profile, by=request.user)
        messages.success(
            request, _("%(name)s is counted in the reports again.") % {"name": self.profile.name}
        )
        return redirect(record_url(self.profile))


class ExportView(PermissionRequiredMixin, View):
    """Everything held about the learner, downloaded as a JSON file."""

    permission = "export"

    def get(self, request, pk):
        profile = get_object_or_404(LearnerProfile.objects.select_related("user"), pk=pk)
        response = HttpResponse(
            services.export_learner_json(profile.user, by=request.user),
            content_type="application/json",
        )
        filename = f"learner-{profile.user_id}-{timezone.localdate():%Y%m%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class EraseView(LearnerActionMixin, LearnersBreadcrumbsMixin, WagtailAdminTemplateMixin, View):
    """Explains what erasure does, and erases once the username has been typed."""

    permission = "erase"
    template_name = "learners/admin/erase.html"
    page_title = gettext_lazy("Erase personal data")
    header_icon = "warning"

    def extra_breadcrumbs(self):
        return [
            {"url": record_url(self.profile), "label": str(self.profile)},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, form):
        context = self.get_context_data(form=form, profile=self.profile)
        return self.render_to_response(context)

    def get(self, request, pk):
        if self.profile.is_erased:
            messages.info(request, _("This learner's personal data has been erased already."))
            return redirect(record_url(self.profile))
        return self.render(EraseConfirmForm(username=self.profile.user.get_username()))

    def post(self, request, pk):
        form = EraseConfirmForm(request.POST, username=self.profile.user.get_username())
        if not form.is_valid():
            return self.render(form)
        try:
            services.erase_learner(user=self.profile.user, erased_by=request.user)
        except services.LearnerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The learner's personal data is erased; anonymous totals still count them."),
            )
        return redirect(record_url(self.profile))


# The CSV import --------------------------------------------------------------------------------


class ImportUploadView(
    PermissionRequiredMixin, LearnersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission = "import"
    template_name = "learners/admin/import_upload.html"
    page_title = gettext_lazy("Import learners")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportUploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                summary = preview_import(form.cleaned_data["file"].read())
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = secrets.token_urlsafe(16)
                # One preview per session: a new upload replaces the last.
                request.session[SESSION_KEY] = {
                    "token": token,
                    "filename": form.cleaned_data["file"].name[:200],
                    "rows": [row.to_dict() for row in summary.rows],
                }
                return redirect("learners:import_preview", token=token)
        return self.render_to_response(self.get_context_data(form=form))


class ImportPreviewView(
    PermissionRequiredMixin, LearnersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """GET: every row's outcome and the apply button. POST: apply, then show what was done."""

    permission = "import"
    template_name = "learners/admin/import_preview.html"
    page_title = gettext_lazy("Check the import")
    header_icon = "upload"

    def extra_breadcrumbs(self):
        return [
            {"url": reverse("learners:import"), "label": _("Import learners")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def stored(self):
        stored = self.request.session.get(SESSION_KEY) or {}
        return stored if stored.get("token") == self.kwargs["token"] else None

    def expired(self):
        messages.warning(
            self.request,
            _(
                "That preview has been applied already or has expired. Upload the file again "
                "to check it: people imported already will show as 'Already exists'."
            ),
        )
        return redirect("learners:import")

    def get(self, request, token):
        if self.stored is None:
            return self.expired()
        rows = check_against_database([ImportRow.from_dict(r) for r in self.stored["rows"]])
        return self.render_to_response(
            self.get_context_data(
                summary=ImportSummary(rows),
                filename=self.stored["filename"],
                form=ApplyImportForm(),
                applied=False,
            )
        )

    def post(self, request, token):
        if self.stored is None:
            return self.expired()
        form = ApplyImportForm(request.POST)
        invite = form.is_valid() and form.cleaned_data["send_invitations"]
        summary = apply_import(self.stored["rows"], invite=invite)
        del request.session[SESSION_KEY]
        self.page_title = _("Import finished")
        return self.render_to_response(
            self.get_context_data(
                summary=summary,
                filename=self.stored["filename"],
                applied=True,
                invited=invite,
            )
        )
