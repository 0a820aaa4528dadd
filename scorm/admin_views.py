"""The admin's "Download SCORM 1.2 / 2004" buttons: the package zip of one dispatch."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from scorm.models import Dispatch
from scorm.packaging import VERSIONS, build_package


def download_package(request, pk, version):
    if not request.user.has_perm("scorm.view_dispatch"):
        raise PermissionDenied
    if version not in VERSIONS:
        raise Http404
    dispatch = get_object_or_404(Dispatch.objects.select_related("module"), pk=pk)
    data = build_package(dispatch, version, platform_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/zip")
    slug = dispatch.module.slug
    label = "scorm12" if version == "1.2" else "scorm2004"
    response["Content-Disposition"] = f'attachment; filename="{slug}-{label}-{dispatch.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
