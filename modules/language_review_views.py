"""The admin's "Translations to review" list and its approve button (modules.language_review)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from modules.language_review import approve_translation, pages_awaiting_review


def review_list(request):
    """Marked pages the user may publish, each with an approve button."""
    rows = [
        page
        for page in pages_awaiting_review()
        if page.permissions_for_user(request.user).can_publish()
    ]
    return TemplateResponse(request, "modules/admin/language_review.html", {"pages": rows})


@require_POST
def approve(request, page_id):
    """Approve one page's translation (publish permission on that page needed, else 403)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not hasattr(page, "awaiting_language_review"):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if approve_translation(page):
        messages.success(request, _("“%(title)s” is approved.") % {"title": page.title})
    return redirect("language_review")
