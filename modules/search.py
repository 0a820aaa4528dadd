"""
Search across the lessons a learner may open (``/search/``).

Wagtail's search (the database backend in :data:`WAGTAILSEARCH_BACKENDS`) looks through the live
lessons of the site's catalogue: titles, summaries and the teaching blocks. A result is shown only
when the learner may open its module, by the same rule as the catalogue
(:func:`modules.overview.module_overviews`: audience and prerequisites), so search never names a
lesson of a module that is locked or not meant for them.

The query is a GET parameter (a bookmarkable, shareable address that holds no personal data),
trimmed and at most :data:`MAX_QUERY_LENGTH` characters; a longer one is refused with 400.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Site

from modules.models import LessonPage
from modules.overview import module_overviews
from modules.views import catalogue_and_modules

MAX_QUERY_LENGTH = 200
#: Lessons read from the search backend before the access filter (more than anyone reads).
MAX_CANDIDATES = 100


def lessons_matching(query, catalogue, open_modules):
    """The live lessons of ``open_modules`` that match ``query``, best first, with their module."""
    if catalogue is None or not open_modules:
        return []
    by_path = {module.path: module for module in open_modules}
    step = len(catalogue.path)  # every module is one level below the catalogue
    candidates = (
        LessonPage.objects.live().descendant_of(catalogue).search(query)[:MAX_CANDIDATES]
    )
    results = []
    for lesson in candidates:
        module = by_path.get(lesson.path[: step + LessonPage.steplen])
        if module is not None:
            results.append((lesson, module))
    return results


@never_cache
@login_required
@require_GET
def search(request):
    """The search form and, for a query, the matching lessons the learner may open."""
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        return render(
            request,
            "modules/search.html",
            {
                "query": query[:MAX_QUERY_LENGTH],
                "error": _("Use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH},
            },
            status=400,
        )
    results = None
    if query:
        catalogue, modules = catalogue_and_modules(Site.find_for_request(request))
        open_modules = [
            overview.module
            for overview in module_overviews(request.user, modules)
            if overview.access.allowed
        ]
        results = lessons_matching(query, catalogue, open_modules)
    return render(request, "modules/search.html", {"query": query, "results": results})
