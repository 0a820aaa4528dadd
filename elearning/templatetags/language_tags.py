"""Template tags for the language switcher and the page's writing direction."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html

from elearning.languages import (
    foreign_content_language,
    language_choices,
    shown_in_other_language,
    text_direction,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def languages_for_switcher(context):
    """The switcher's entries (:class:`elearning.languages.LanguageChoice`) for this page."""
    request = context.get("request")
    return language_choices(request) if request is not None else []


@register.simple_tag
def current_text_direction():
    """``rtl`` or ``ltr`` for the language being shown."""
    return text_direction()


@register.simple_tag
def is_shown_in_other_language(page):
    """True when ``page`` is an untranslated page shown in its source language."""
    return shown_in_other_language(page) if page is not None else False


@register.simple_tag
def content_lang(obj):
    """`` lang="…" dir="…"`` for an element holding ``obj``'s text, when that text is in another
    language than the page (an English lesson shown inside the Arabic interface): screen readers
    then read it with the right voice, and English runs left to right inside a right-to-left page.
    Nothing when the languages agree. Usage: ``<div class="lesson__body"{% content_lang page %}>``.
    """
    code = foreign_content_language(obj)
    if code is None:
        return ""
    return format_html(' lang="{}" dir="{}"', code, text_direction(code))


@register.simple_tag
def lang_attrs(code):
    """`` lang="…" dir="…"`` for text known to be written in ``code`` (a quiz question asked
    untranslated records its language in the attempt); nothing for an empty code."""
    if not code:
        return ""
    return format_html(' lang="{}" dir="{}"', code, text_direction(code))


@register.filter
def in_own_language(text, obj):
    """``text`` (from ``obj``) marked with its language when that differs from the page's.

    For short text inside a sentence or a link: ``{{ lesson.title|in_own_language:lesson }}``.
    """
    code = foreign_content_language(obj)
    if code is None:
        return text
    return format_html('<span lang="{}" dir="{}">{}</span>', code, text_direction(code), text)


@register.simple_tag
def home_url():
    """The training catalogue's address in the language being shown (``/``, ``/cy/``, ``/ar/``)."""
    try:
        return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return "/"


@register.filter
def in_site_language(text):
    """``text`` the organisation typed once in the site's language (a role's name in the
    training settings), marked with that language when the page is in another one."""
    code = settings.LANGUAGE_CODE
    if not text or translation.get_language() == code:
        return text
    return format_html('<span lang="{}" dir="{}">{}</span>', code, text_direction(code), text)
