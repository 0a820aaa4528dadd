"""
One learner record across languages: records belong to the module, not to a translation of it.

A trainer translates a module, its lessons and its quiz with wagtail-localize; each translation is
a page of its own in the Welsh (or Arabic) tree, sharing the source page's ``translation_key``.
Progress, enrolments, attempts, completion and certificates are always written against the
*source* page (the page in the site's default language, English), so a learner who completes
half the lessons in English and the rest in Welsh has one enrolment with every lesson done, and
the reports, certificates and expiry rules, which read source pages, see one module.

Write side
    :func:`source_page` maps a page that is being recorded against to its source: a service
    calls it before it writes (:mod:`modules.services`), the quiz page hands the engine the
    source quiz's id (:func:`record_id`).

Read side
    :mod:`modules.overview` matches the learner's records to the pages shown by
    ``translation_key``, so a Welsh lesson shows as done when its English source was completed,
    at no extra query.

English pages cost nothing: the default locale's id is known per content version
(:func:`elearning.languages.locale_codes`), and a page already in it is its own source.
"""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant

from elearning.languages import locale_codes


def default_locale_id():
    """The id of the site's default (source) locale."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    for locale_id, code in locale_codes().items():
        if code == default:
            return locale_id
    return None


def is_source(page):
    """True when ``page`` is in the default locale (or has no locale, like the tree's root)."""
    locale_id = getattr(page, "locale_id", None)
    return locale_id is None or locale_id == default_locale_id()


def source_page(page):
    """The page in the default locale that ``page`` translates (``page`` itself if it is one).

    A translation whose source was deleted is its own source: records still have somewhere to go.
    """
    if is_source(page):
        return page
    source = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale_id=default_locale_id())
        .first()
    )
    return source or page


def record_id(page):
    """The page id a learner's records are written against (the source page's id)."""
    return source_page(page).pk


def locale_id_for(language_code):
    """The id of the locale for ``language_code`` (None when the site has no such locale)."""
    code = get_supported_content_language_variant(language_code)
    for locale_id, locale_code in locale_codes().items():
        if locale_code == code:
            return locale_id
    return None


def localized(pages, queryset, locale_id):
    """Each of ``pages`` replaced by its translation in ``locale_id`` when one is in ``queryset``.

    ``queryset`` says which translations may be shown (live ones, with what the caller needs
    prefetched); a page without one stays as it is, in its source language, and is shown with
    the "not yet translated" note. One query.
    """
    pages = list(pages)
    if locale_id is None or not pages or all(p.locale_id == locale_id for p in pages):
        return pages
    found = {
        page.translation_key: page
        for page in queryset.filter(
            translation_key__in=[p.translation_key for p in pages], locale_id=locale_id
        )
    }
    return [found.get(page.translation_key, page) for page in pages]
