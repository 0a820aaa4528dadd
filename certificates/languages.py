"""
Certificates and their mail in the learner's language.

A learner's preferred language (their profile; English when they have none) decides the
language of everything made for them outside a request: the emails (issued, refresher
reminders) and the certificate PDF. Mail and PDFs are rendered inside
``translation.override(language_for(user))``, so their links carry the language prefix too.

The module title a certificate states is frozen when the certificate is issued, like the
learner's name: it is the title of the module's translation in the learner's language when a
live one exists, else the module's own title. The public verification page is in the visitor's
language (the address they opened), and shows the title as issued: what the paper says.
"""

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from elearning.languages import language_for, url_in_language

__all__ = ["language_for", "module_title_in", "module_url_in", "override_for"]


def module_title_in(module, language):
    """The title of ``module`` in ``language``: its live translation's, or its own."""
    if getattr(module, "locale_id", None) is None:
        return module.title
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or locale.pk == module.locale_id:
        return module.title
    translated = module.get_translation_or_none(locale)
    if translated is None or not translated.live:
        return module.title
    return translated.title


def module_url_in(module, language):
    """The module's address in ``language``: its live translation's, else its own under the
    language's prefix (Wagtail then shows the original with a note)."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = module.get_translation_or_none(locale) if locale is not None else None
    if translated is not None and translated.live:
        return translated.url
    # ``translate_url`` reads the address in the active language: the module's own.
    with translation.override(settings.LANGUAGE_CODE):
        return url_in_language(module.url or "/", language)


def override_for(user):
    """``translation.override`` in the language to write to ``user`` in."""
    return translation.override(language_for(user))
