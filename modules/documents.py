"""
Who may download a document trainers uploaded: private by default.

Trainers attach documents (a referral form, a guidance note) to lessons. A document's address,
``/documents/<id>/<file name>``, is easy to pass on or guess, so Wagtail's serve view asks
:func:`refuse_document` first (hook ``before_serve_document``), and the document is served when

* its collection has view restrictions of its own (Wagtail's collection privacy: "signed-in
  users" or chosen groups): then Wagtail's own check decides, for documents meant more widely;
* the reader may manage documents in the admin (trainers; a verified session, see
  :mod:`elearning.two_factor`); or
* the reader is signed in and may open a live page that links the document (Wagtail's reference
  index knows which): a lesson or module whose audience and prerequisites let them in, or a
  page outside any module.

Anyone else gets 404 (a visitor who is not signed in is sent to sign in first). Documents are
always served through this view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), never as a
direct link to the file.
"""

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseNotFound
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from modules.models import TrainingModulePage, module_of, prefetch_access
from modules.overview import module_overview

__all__ = ["pages_linking", "refuse_document"]


def pages_linking(document):
    """The live pages whose current content links ``document`` (Wagtail's reference index)."""
    references = list(
        ReferenceIndex.get_references_to(document).values_list("base_content_type_id", "object_id")
    )
    page_type_ids = {
        content_type_id
        for content_type_id, _object_id in references
        if _is_page_type(content_type_id)
    }
    page_ids = [
        int(object_id)
        for content_type_id, object_id in references
        if content_type_id in page_type_ids and object_id.isdigit()
    ]
    return Page.objects.live().filter(pk__in=page_ids).specific()


def _is_page_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and issubclass(model, Page)


def _may_open(user, page):
    if isinstance(page, TrainingModulePage):
        module = prefetch_access(page)
    else:
        module = module_of(page) if hasattr(page, "get_module") else None
    if module is None:
        return True  # a page outside any module is open to every signed-in learner
    return module_overview(user, module).access.allowed


def refuse_document(document, request):
    """``before_serve_document``: None to serve ``document``; otherwise the refusal."""
    if document.collection.get_view_restrictions().exists():
        return None  # Wagtail's collection privacy applies and decides
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    policy = policy_registry.get_by_type(get_document_model())
    if policy.user_has_any_permission(user, ["add", "change", "choose"]):
        return None
    if any(_may_open(user, page) for page in pages_linking(document)):
        return None
    return HttpResponseNotFound()
