"""
Translations inside a module package: the strings a translator wrote, matched by their English.

A module's pages, questions and indicators are translated with wagtail-localize (README,
"Content in Welsh"). For each page, question and indicator, and each language wagtail-localize
has translated it into, a package carries the translated strings as wagtail-localize holds them:
``[context, English, translation]`` triples, the context being the string's place in the object
(a field name, a StreamField block id). Strings nobody translated are left out; so is a
translation made without wagtail-localize (it has no strings to carry).

The receiving site imports the English object first (:mod:`packages.services`), then asks
wagtail-localize for a translation of it, as "Translate this page" does, and fills each string
in from the package: by context and English where the place is the same (StreamField block ids
travel with the package), else by English alone (an option row gets a new id here). A string
the package lacks stays English. The result is an ordinary wagtail-localize translation on this
site: trainers read and edit it in the translation editor, a changed English object marks it out
of date, and its pages arrive unpublished, like the rest of the module.

Indicators the import adds and questions are translated before pages, so a Welsh quiz or
practice scenario finds the Welsh questions; an indicator this site already had keeps its own
translations (the import changes nothing local), and a page refers to this site's own indicators
and pathways in the language when this site has them translated, and to the English ones when
not.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from packages.format import PackageError

__all__ = ["check_translation_entries", "exported_translations", "translate_imported"]

#: How imported strings are recorded in wagtail-localize (the translation editor shows it).
IMPORTED_TOOL_NAME = "module package"


def exported_translations(instance):
    """``[{"locale": code, "strings": [[context, English, translation], ...]}]`` for ``instance``.

    One entry per language ``instance`` exists in and wagtail-localize translated it into.
    """
    translated_locales = set(instance.get_translations().values_list("locale_id", flat=True))
    if not translated_locales:
        return []
    translations = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            source__locale_id=instance.locale_id,
            target_locale_id__in=translated_locales,
        )
        .select_related("target_locale", "source")
        .order_by("target_locale__language_code")
    )
    entries = []
    for translation in translations:
        strings = [
            [entry.msgctxt or "", entry.msgid, entry.msgstr]
            for entry in translation.export_po()
            if entry.msgstr and not entry.obsolete
        ]
        if strings:
            entries.append({"locale": translation.target_locale.language_code, "strings": strings})
    return entries


def check_translation_entries(entry):
    """Refuse a damaged ``translations`` list in one manifest entry (from another site)."""
    translations = entry.get("translations", [])
    damaged = PackageError(_("The package's manifest has a damaged “translations” section."))
    if not isinstance(translations, list):
        raise damaged
    for translation in translations:
        if not isinstance(translation, dict) or not isinstance(translation.get("locale"), str):
            raise damaged
        strings = translation.get("strings", [])
        if not isinstance(strings, list) or not all(
            isinstance(triple, list)
            and len(triple) == 3
            and all(isinstance(part, str) for part in triple)
            for triple in strings
        ):
            raise damaged


def strings_for(entry, language_code):
    """The package's string triples translating ``entry`` into ``language_code`` (or None)."""
    for translation in entry.get("translations", []):
        if translation.get("locale") == language_code and translation.get("strings"):
            return translation["strings"]
    return None


def translate_imported(instance, locale, strings, *, user=None):
    """Translate ``instance`` (just imported, English) into ``locale`` with ``strings``.

    Pages are saved as drafts; other objects (questions) are saved, as their English was.
    Returns the translated object.
    """
    by_place = {(context, english): translated for context, english, translated in strings}
    by_english = {english: translated for _context, english, translated in strings}
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        found = by_place.get((entry.msgctxt or "", entry.msgid), by_english.get(entry.msgid))
        if found:
            entry.msgstr = found
    translation.import_po(po, user=user, translation_type="manual", tool_name=IMPORTED_TOOL_NAME)
    translation.save_target(user=user, publish=not isinstance(instance, Page))
    return instance.get_translation(locale)
