"""
Module packages in the Wagtail admin: an "Export as package" button on each module, and an
import in three steps (upload, preview of the mapping and of what is missing, confirm).

* Export: a module's page header and its "More" menu in the page listing offer "Export as
  package" to anyone who may edit that module; it downloads the same file as
  ``manage.py export_module``.
* Import (Settings menu, "Import a module package"): for anyone who may add pages under the
  training catalogue. The upload is checked (:func:`packages.format.read_package`) and planned
  (:func:`packages.importing.plan_import`) without writing anything; a bad file is answered 400
  with the reason. The checked file is kept in the site's file storage under a random name known
  only to the uploader's session (so the confirm step works on any app server), and removed once
  imported or cancelled. Confirming imports it as an unpublished draft
  (:func:`packages.services.import_package`): nothing local is overwritten.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.models import TrainingModulePage
from packages.exporting import export_module
from packages.format import PackageError, max_package_bytes, read_package
from packages.importing import describe, plan_import, receiving_catalogue
from packages.services import import_package

#: Session key: upload token -> the storage name of the checked package waiting for confirmation.
SESSION_KEY = "packages.pending_imports"
STAGING_DIRECTORY = "module-package-imports"


def may_export(user, page):
    return page.permissions_for_user(user).can_edit()


def may_import(user):
    try:
        catalogue = receiving_catalogue()
    except PackageError:
        return False
    return catalogue.permissions_for_user(user).can_add_subpage()


def _forbidden(request, message):
    """403 in the admin's own look (Wagtail would turn PermissionDenied into a redirect)."""
    return TemplateResponse(
        request, "packages/admin/forbidden.html", {"message": message}, status=403
    )


def export_view(request, page_id):
    module = get_object_or_404(TrainingModulePage, pk=page_id)
    if not may_export(request.user, module):
        return _forbidden(request, _("You may not export this module: you cannot edit it."))
    data = export_module(module)
    response = HttpResponse(data, content_type="application/zip")
    filename = f"{slugify(module.slug) or 'module'}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UploadForm(forms.Form):
    package = forms.FileField(
        label=gettext_lazy("Module package"),
        help_text=gettext_lazy(
            "A .zip file written by “Export as package” (or manage.py export_module) on "
            "another site. You will see what it maps to here before anything is imported."
        ),
    )


IMPORT_FORBIDDEN = gettext_lazy(
    "You may not import modules: you cannot add pages to the training catalogue."
)


def import_view(request):
    """Step 1 (upload) and step 2 (the preview); nothing is written to the database."""
    if not may_import(request.user):
        return _forbidden(request, IMPORT_FORBIDDEN)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["package"]
        if upload.size > max_package_bytes():
            form.add_error("package", _("This package is larger than this site accepts."))
        else:
            data = upload.read()
            try:
                plan = plan_import(read_package(data))
            except PackageError as error:
                form.add_error("package", str(error))
            else:
                token = _stage(request, data)
                return TemplateResponse(
                    request,
                    "packages/admin/import_preview.html",
                    _preview_context(plan, token),
                )
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "packages/admin/import_upload.html", {"form": form}, status=status
    )


def confirm_view(request, token):
    """Step 3: import the staged package as a draft module (POST only)."""
    if not may_import(request.user):
        return _forbidden(request, IMPORT_FORBIDDEN)
    if request.method != "POST":
        return redirect("packages_admin:import")
    pending = request.session.get(SESSION_KEY, {})
    name = pending.get(token)
    if name is None or not default_storage.exists(name):
        messages.error(request, _("That upload has expired or was already used: upload it again."))
        return TemplateResponse(
            request, "packages/admin/import_upload.html", {"form": UploadForm()}, status=400
        )
    if "cancel" in request.POST:
        _unstage(request, token)
        messages.success(request, _("Nothing was imported."))
        return redirect("packages_admin:import")
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    try:
        module, _plan = import_package(read_package(data), user=request.user)
    except PackageError as error:
        _unstage(request, token)
        return TemplateResponse(
            request,
            "packages/admin/import_upload.html",
            {"form": UploadForm(), "import_error": str(error)},
            status=400,
        )
    _unstage(request, token)
    messages.success(
        request,
        _("“%(title)s” was imported as a draft. Check it, then publish it.")
        % {"title": module.title},
    )
    return redirect("wagtailadmin_pages:edit", module.pk)


def _stage(request, data):
    token = secrets.token_urlsafe(24)
    name = default_storage.save(f"{STAGING_DIRECTORY}/{token}.zip", ContentFile(data))
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = name
    request.session[SESSION_KEY] = pending
    return token


def _unstage(request, token):
    pending = dict(request.session.get(SESSION_KEY, {}))
    name = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if name:
        default_storage.delete(name)


def _preview_context(plan, token):
    sections = []
    for heading, mappings in (
        (_("Indicators"), plan.indicators),
        (_("Referral pathway steps"), plan.steps),
        (_("Referral pathways"), plan.pathways),
        (_("Audience groups"), plan.groups),
        (_("Prerequisite modules"), plan.prerequisites),
    ):
        if mappings:
            rows = [
                {
                    "ref": mapping.ref,
                    "label": mapping.label,
                    "outcome": describe(mapping),
                    "missing": mapping.how == "missing",
                }
                for mapping in mappings
            ]
            sections.append({"heading": heading, "rows": rows})
    return {
        "plan": plan,
        "token": token,
        "summary": plan.lines()[0],
        "sections": sections,
        "missing": plan.missing,
        "rename_lines": plan.rename_lines(),
        "cleaning_lines": plan.cleaning_lines(),
        "translation_lines": plan.translation_lines(),
        "confirm_url": reverse("packages_admin:confirm", args=[token]),
    }


admin_urlpatterns = [
    path("import/", import_view, name="import"),
    path("import/<str:token>/confirm/", confirm_view, name="confirm"),
    path("export/<id:page_id>/", export_view, name="export"),
]
