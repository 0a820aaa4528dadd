"""
Translations awaiting review by a fluent speaker, and their approval.

The Welsh default content ships as a draft (:mod:`content.demo.translations`): each page is live,
marked ``awaiting_language_review``, and learners see a note with a link to the English. The
admin's "Translations to review" list (Settings menu) shows every marked page; a trainer who may
publish the page approves it once a fluent speaker has read it, and the note goes. A trainer
keeps editing the text in wagtail-localize's editor as before: approving changes nothing else.
"""

from django.db import transaction

from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage

#: The page types that can carry the mark, in the order the list shows them.
REVIEWED_PAGE_TYPES = (TrainingCatalogPage, TrainingModulePage, LessonPage, QuizPage)

__all__ = ["approve_translation", "pages_awaiting_review"]


def pages_awaiting_review():
    """Every marked page, with its locale (one query per page type)."""
    pages = []
    for model in REVIEWED_PAGE_TYPES:
        pages += model.objects.filter(awaiting_language_review=True).select_related("locale")
    return sorted(pages, key=lambda page: (page.locale.language_code, page.path))


@transaction.atomic
def approve_translation(page):
    """Take the review mark off ``page`` (live row and latest revision); True if it had one.

    The latest revision is corrected too, so that publishing it later (a scheduled publish, a
    revert) cannot bring the mark back.
    """
    page = type(page).objects.select_for_update().get(pk=page.pk)
    if not page.awaiting_language_review:
        return False
    page.awaiting_language_review = False
    page.save(update_fields=["awaiting_language_review"], clean=False)
    revision = page.latest_revision
    if revision is not None and revision.content.get("awaiting_language_review"):
        revision.content["awaiting_language_review"] = False
        revision.save(update_fields=["content"])
    return True
