"""
Learner views that are not pages: the "My training" dashboard and starting a refresher.

Lesson completion is posted to the lesson page itself (see :mod:`modules.page_views.lesson`);
this module holds the views that sit outside the page tree.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site

from elearning import content_memo
from elearning.page_cache import allow_learner_page_cache
from modules import next_steps, services, translations
from modules.hooks import module_card_additions
from modules.models import Enrolment, TrainingCatalogPage, TrainingModulePage, prefetch_access
from modules.overview import ModuleStatus, module_overview, module_overviews


@never_cache
@login_required
def my_training(request):
    """Every module with the learner's status, progress and certificate; what to do next."""
    catalogue, modules = catalogue_and_modules(Site.find_for_request(request))
    overviews = module_overviews(request.user, modules)
    counts = dict.fromkeys(ModuleStatus, 0)
    for overview in overviews:
        counts[overview.status] += 1
    current_ids = {o.enrolment.pk for o in overviews if o.enrolment is not None}
    history = (
        Enrolment.objects.for_learner(request.user)
        .completed()
        .exclude(pk__in=current_ids)
        .order_by("-completed_at")
    )
    additions = module_card_additions(request.user, [o.module for o in overviews])
    for overview in overviews:
        overview.additions = additions.get(overview.module.pk, [])
    response = render(
        request,
        "modules/my_training.html",
        {
            "overviews": overviews,
            "plan": next_steps.plan(overviews),
            "catalogue": catalogue,
            "history": list(history),
            "completed_count": counts[ModuleStatus.COMPLETED] + counts[ModuleStatus.REFRESHER_DUE],
            "available_count": len(overviews) - counts[ModuleStatus.LOCKED],
        },
    )
    return allow_learner_page_cache(response)


def catalogue_and_modules(site):
    """The site's catalogue and its live modules (content alone: once per content version)."""

    language = get_language()

    def load():
        catalogue = None
        if site is not None:
            catalogue = TrainingCatalogPage.objects.live().filter(pk=site.root_page_id).first()
        if catalogue is None:
            return None, []
        # In another language: that language's catalogue (its modules localized) if there is one.
        if language != settings.LANGUAGE_CODE:
            [catalogue] = translations.localized(
                [catalogue],
                TrainingCatalogPage.objects.live(),
                translations.locale_id_for(language),
            )
        return catalogue, list(catalogue.modules())

    key = ("catalogue-and-modules", site.pk if site else None, language)
    return content_memo.remember(key, load)


@require_POST
@login_required
def start_refresher(request, module_id):
    """Open a new cycle of a module whose completion is expiring, expired or to be refreshed."""
    module = get_object_or_404(TrainingModulePage.objects.live(), pk=module_id)
    if not module_overview(request.user, prefetch_access(module)).access.allowed:
        messages.error(request, _("This module is not open to you."))
        return redirect(module.url)
    try:
        services.start_refresher(user=request.user, module=module)
    except services.RefresherNotDue:
        messages.info(request, _("You have no refresher to start for this module yet."))
    else:
        messages.success(
            request,
            _("Your refresher has started. Work through the lessons and the quiz again."),
        )
    return redirect(module.url)
