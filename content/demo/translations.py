"""
The default content in other languages: PO files made with wagtail-localize, loaded through it.

::

    content/translations/<language>/catalogue.po
    content/translations/<language>/<module slug>/module.po
    content/translations/<language>/<module slug>/quiz.po
    content/translations/<language>/<module slug>/lessons/<lesson slug>.po
    content/translations/<language>/data/...   (questions, scenarios, pathways, indicators: not
                                                pages; see content/demo/source_strings.py)

Each file is what wagtail-localize exports for one English page ("Download PO file" in its
translation editor), with the translator's ``msgstr`` filled in. A string is matched by its
English text (``msgid``), not by ``msgctxt``: the paths wagtail-localize writes there carry block
ids that differ on every database, while the English text is the same wherever the files load.

For each page the loader asks wagtail-localize to translate the English page into the language
(a translation source and a translation, as "Translate this page" makes), imports the strings
and publishes the translation. From then on it is an ordinary wagtail-localize translation:
trainers edit it in the translation editor, export and import PO files for a translator, and
a changed English page marks it out of date until it is synchronised.

The Welsh files are a draft: nobody fluent has checked them yet. Every page the loader writes is
published with ``awaiting_language_review`` set, so learners see a note above it and a link to
the English (see README, "Content in Welsh"); a trainer approves it in the admin once a fluent
speaker has read it. The strings are recorded as machine-made ("translation_type") for the same
reason: a person has not yet confirmed them. A string the files do not cover stays in English.

Safe to run twice: a page that already has a translation is left as trainers made it, unless
``refresh`` asks for the files' version again.
"""

from pathlib import Path

import polib
from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from content.demo.loader import ContentDataError
from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"

#: The folder of a language that translates data files rather than pages.
DATA_FOLDER = "data"

#: How the strings are recorded in wagtail-localize until a person confirms them.
DRAFT_TOOL_NAME = "default content: draft awaiting review by a fluent speaker"


def load_translations(report, *, refresh=False, translations_dir=TRANSLATIONS_DIR):
    """Translate the default pages into every language with a folder of PO files."""
    if not translations_dir.is_dir():
        return
    for language_dir in sorted(p for p in translations_dir.iterdir() if p.is_dir()):
        locale = Locale.objects.filter(language_code=language_dir.name).first()
        if locale is None:
            raise ContentDataError(
                f"{language_dir}: the site has no {language_dir.name!r} language "
                "(add it to LANGUAGES and WAGTAIL_CONTENT_LANGUAGES)"
            )
        for path, page in _files_and_pages(language_dir):
            translate_page(page, locale, _read_po(path), refresh=refresh, report=report)


def _files_and_pages(language_dir):
    """Each PO file under ``language_dir`` with the English page it translates, parents first."""
    catalogue = TrainingCatalogPage.objects.filter(locale=Locale.get_default()).first()
    if catalogue is None:
        raise ContentDataError("no English training catalogue to translate")
    found = []
    if (language_dir / "catalogue.po").exists():
        found.append((language_dir / "catalogue.po", catalogue))
    module_dirs = (p for p in language_dir.iterdir() if p.is_dir() and p.name != DATA_FOLDER)
    for module_dir in sorted(module_dirs):
        module = _child(TrainingModulePage, catalogue, module_dir.name, module_dir)
        if (module_dir / "module.po").exists():
            found.append((module_dir / "module.po", module))
        lesson_files = {path.stem: path for path in (module_dir / "lessons").glob("*.po")}
        # In the English lessons' order: a translation is added as its parent's last child.
        for lesson in LessonPage.objects.child_of(module).order_by("path"):
            if lesson.slug in lesson_files:
                found.append((lesson_files.pop(lesson.slug), lesson))
        if lesson_files:
            slug, path = next(iter(lesson_files.items()))
            raise ContentDataError(f"{path}: no English lesson “{slug}” under “{module.title}”")
        if (module_dir / "quiz.po").exists():
            quiz = QuizPage.objects.child_of(module).first()
            if quiz is None:
                raise ContentDataError(f"{module_dir / 'quiz.po'}: the module has no quiz")
            found.append((module_dir / "quiz.po", quiz))
    return found


def _child(model, parent, slug, path):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        raise ContentDataError(f"{path}: no English page “{slug}” under “{parent.title}”")
    return page


def _read_po(path):
    try:
        return polib.pofile(str(path))
    except (OSError, ValueError) as error:
        raise ContentDataError(f"{path}: not a readable PO file ({error})") from error


def translate_page(page, locale, po, *, refresh=False, report):
    """Publish ``page`` in ``locale`` with the strings of ``po``, marked as awaiting review.

    Returns the English page's translation, or None when a translation existed and was kept.
    wagtail-localize publishes the translation when the transaction commits, so the review mark
    is set then too, after it (at once when no transaction is open, as in the command).
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None and not refresh:
        report.kept.append(f"{locale.get_display_name()} “{existing.title}”")
        return None
    with transaction.atomic():
        source, created = TranslationSource.get_or_create_from_instance(page)
        if not created:
            source.update_from_db()
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        translation.import_po(
            _matched_by_english(translation, po),
            translation_type="machine",
            tool_name=DRAFT_TOOL_NAME,
        )
        translation.save_target(publish=True)
        transaction.on_commit(lambda: mark_awaiting_review(page.get_translation(locale)))
    translated = page.get_translation(locale).specific
    (report.refreshed if existing else report.created).append(
        f"{locale.get_display_name()} “{translated.title}” (awaiting review)"
    )
    return translated


def mark_awaiting_review(page):
    """Publish ``page`` again with the review mark (a revision of its own, in its history)."""
    page = page.specific
    page.awaiting_language_review = True
    page.save_revision().publish()


def _matched_by_english(translation, po):
    """wagtail-localize's PO file for ``translation``, each string filled in from ``po`` by text."""
    wanted = {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    matched = translation.export_po()
    for entry in matched:
        if entry.msgid in wanted:
            entry.msgstr = wanted[entry.msgid]
    return matched
