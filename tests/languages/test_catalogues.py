"""The Welsh catalogue is complete, the Arabic one covers the learner's interface, and the
compiled ``.mo`` files say the same as the ``.po`` files they come from."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def for_learners(entry):
    """An entry used on a learner's page, in their mail or on their certificate."""
    for path, _line in entry.occurrences:
        if "/templates/" in path and "/admin/" not in path and not path.startswith("reports/"):
            return True
        if path in ("certificates/pdf.py", "quizzes/forms.py", "quizzes/scenario_forms.py"):
            return True
    return False


@pytest.mark.parametrize("language", ["cy", "ar"])
def test_no_entry_is_fuzzy_and_the_header_names_the_language(language):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    assert "nplurals=" in po.metadata["Plural-Forms"]
    assert not [e.msgid for e in po if "fuzzy" in e.flags]


def test_every_welsh_string_is_translated():
    assert not [e.msgid for e in catalogue("cy") if not e.translated()]


def test_every_learner_string_is_translated_into_arabic():
    missing = [e.msgid for e in catalogue("ar") if for_learners(e) and not e.translated()]
    assert not missing


@pytest.mark.parametrize("language", ["cy", "ar"])
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po if e.translated()}
    stale = [key for key, value in source.items() if compiled.get(key) != value]
    assert not stale, f"run compilemessages: {stale[:5]}"
