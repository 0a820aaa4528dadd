"""
The site's languages: which are offered, how each is written, and the same page in another one.

English (``en-gb``) lives at ``/`` and every other language under its own prefix (``/cy/``,
``/ar/``): Django's ``i18n_patterns`` with ``prefix_default_language=False`` and the locale
middleware decide the language from the path alone, so an address always means one language and
the learner page cache can key on it. A learner's preferred language (their profile) decides where
sign-in sends them; the switcher on every page links to the same address in each language.

This module sits in the bottom layer: it reads the profile through the user's ``learner_profile``
relation and never imports the learners app.
"""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import Exists, OuterRef
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme


@dataclass(frozen=True)
class LanguageChoice:
    """One entry of the language switcher."""

    code: str
    #: The language's name written in that language ("Cymraeg", not "Welsh").
    name: str
    url: str
    is_current: bool
    is_rtl: bool


def offered_languages():
    """``(code, name in itself)`` for each language the site offers, English first."""
    return list(settings.LANGUAGES)


def is_offered(code):
    return code in {language for language, _name in settings.LANGUAGES}


def is_rtl(code):
    """True for a language written right to left (Arabic here)."""
    return translation.get_language_info(code)["bidi"] if code else False


def text_direction(code=None):
    """``"rtl"`` or ``"ltr"`` for ``<html dir>``: the current language when none is given."""
    return "rtl" if is_rtl(code or translation.get_language()) else "ltr"


def url_in_language(url, code):
    """The same address in language ``code`` (the address itself when it has no other form)."""
    return translate_url(url, code)


def language_choices(request):
    """The switcher's entries for the page being shown, in the order of ``LANGUAGES``."""
    current = translation.get_language()
    here = request.get_full_path()
    return [
        LanguageChoice(
            code=code,
            name=name,
            url=url_in_language(here, code),
            is_current=code == current,
            is_rtl=is_rtl(code),
        )
        for code, name in offered_languages()
    ]


def preferred_language(user):
    """The language the learner chose on their profile, if the site still offers it."""
    profile = getattr(user, "learner_profile", None) if user.is_authenticated else None
    code = getattr(profile, "preferred_language", "") or ""
    return code if is_offered(code) else None


def language_for(user):
    """The language to write to ``user`` in (mail, certificates): their preferred one, or English.

    Mail and PDFs are made outside any request (often on a worker), so they never inherit a
    request's language: render them inside ``translation.override(language_for(user))``.
    """
    return (preferred_language(user) if user is not None else None) or settings.LANGUAGE_CODE


def redirect_in_preferred_language(user, url, request):
    """Where to send a learner who has just signed in: ``url`` in their preferred language.

    An address the learner asked for in a language (it carries ``/cy/``, say) stays as it is:
    they chose it. Only an unprefixed address (English, or the default after sign-in) moves.
    """
    code = preferred_language(user)
    if code is None or code == settings.LANGUAGE_CODE:
        return url
    if translation.get_language_from_path(url) is not None:
        return url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return url_in_language(url, code)


def foreign_content_language(obj):
    """The language ``obj``'s text is written in, when that is not the language being shown.

    ``obj`` is anything Wagtail translates (a page, a snippet: it has ``locale_id``). None when
    its text is in the page's language, or its language is unknown: nothing to mark then.
    """
    locale_id = getattr(obj, "locale_id", None)
    current = translation.get_language()
    if locale_id is None or current == settings.LANGUAGE_CODE:
        # An English address only ever serves English text: nothing to look up.
        return None
    code = locale_codes().get(locale_id)
    if code is None or code == current:
        return None
    return code


def languages_served_from_source():
    """The offered languages with no pages of their own: their addresses serve the source pages.

    Arabic carries the interface only: ``/ar/...`` routes through the English page tree (Wagtail
    falls back to the source when the site's root has no translation), so an English page linked
    from an Arabic page must keep the ``/ar/`` prefix. Welsh has its own tree: a Welsh page links
    to Welsh pages.
    """
    with_pages = {code for code, has_pages in _locale_facts().values() if has_pages}
    return frozenset(code for code, _name in settings.LANGUAGES if code not in with_pages)


def address_in_shown_language(obj, path):
    """``path`` (a page's address in its own language) as reached from the page being shown.

    An untranslated page shown inside another language's interface keeps that language's prefix
    (``/ar/module/lesson/``, not ``/module/lesson/``), so following a link never drops the
    learner out of their language. Other addresses are returned as they are.
    """
    code = foreign_content_language(obj)
    current = translation.get_language()
    if not path or code is None or current not in languages_served_from_source():
        return path
    with translation.override(code):
        return translate_url(path, current)


def locale_codes():
    """``{locale id: language code}`` for Wagtail's locales."""
    return {locale_id: code for locale_id, (code, _has_pages) in _locale_facts().items()}


#: Answers kept for the request being served (see _locale_facts), None between requests.
_this_request = threading.local()


def _start_request(**kwargs):
    _this_request.answers = {}


def _end_request(**kwargs):
    _this_request.answers = None


request_started.connect(_start_request, dispatch_uid="elearning.languages.start")
request_finished.connect(_end_request, dispatch_uid="elearning.languages.end")


def _locale_facts():
    """``{locale id: (language code, has a live translation of the site's root)}``, one query.

    Remembered per content version on learner pages (:mod:`elearning.content_memo`), and for
    the rest of the request elsewhere (the search page marks each result's language): a page
    asks once, however many titles it marks. Outside a request it is read each time.
    """
    answers = getattr(_this_request, "answers", None)
    if answers is not None and "locale-facts" in answers:
        return answers["locale-facts"]
    from elearning import content_memo

    facts = content_memo.remember(("locale-facts",), _read_locale_facts)
    if answers is not None:
        answers["locale-facts"] = facts
    return facts


def _read_locale_facts():
    from wagtail.models import Locale, Page

    roots = Page.objects.filter(sites_rooted_here__is_default_site=True)
    translated_root = Page.objects.filter(
        locale=OuterRef("pk"), translation_key__in=roots.values("translation_key"), live=True
    )
    rows = Locale.objects.annotate(has_pages=Exists(translated_root)).values_list(
        "id", "language_code", "has_pages"
    )
    return {locale_id: (code, has_pages) for locale_id, code, has_pages in rows}


def shown_in_other_language(page):
    """True when ``page`` is shown in a language other than the one asked for.

    Wagtail serves the source page when a page has no translation in the language of the
    address; the page then carries a short note. English addresses only ever serve English
    pages, so they cost nothing.
    """
    current = translation.get_language()
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None or current == settings.LANGUAGE_CODE:
        return False
    return locale_codes().get(locale_id) != current
