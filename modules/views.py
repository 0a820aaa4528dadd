"""
Learner views that are not pages: the "My training" dashboard.

Lesson completion is posted to the lesson page itself (see ``LessonPage.serve``); this module
holds the views that sit outside the page tree.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from modules.models import TrainingCatalogPage, TrainingModulePage
from modules.overview import ModuleStatus, live_modules_queryset, module_overviews


@never_cache
@login_required
def my_training(request):
    """Every module with the learner's status, percentage and last activity."""
    site = Site.find_for_request(request)
    modules = TrainingModulePage.objects.none()
    catalogue = None
    if site is not None:
        catalogue = TrainingCatalogPage.objects.live().filter(pk=site.root_page_id).first()
        if catalogue is not None:
            modules = TrainingModulePage.objects.live().child_of(catalogue)
    overviews = module_overviews(request.user, live_modules_queryset(modules))
    counts = dict.fromkeys(ModuleStatus, 0)
    for overview in overviews:
        counts[overview.status] += 1
    return render(
        request,
        "modules/my_training.html",
        {
            "overviews": overviews,
            "catalogue": catalogue,
            "completed_count": counts[ModuleStatus.COMPLETED],
            "available_count": len(overviews) - counts[ModuleStatus.LOCKED],
        },
    )
