"""
The words of the default questions, scenarios, pathways and indicators, as a translator sees them.

The data files under ``content/demo/data`` (TOML) hold both words and wiring: a question's prompt
and its options' feedback are words; its key, its category, whether an option is correct, the
pathway step an option stands for, are wiring. A translation changes only the words. This module
walks a data file and lists each word-bearing string with a stable address of its own::

    questions[trafficking-three-elements].choices[1].feedback

An array of tables is addressed by each entry's ``key`` when it has one (questions, stages,
options, steps, indicators), and by its position otherwise (a question's choices and pairs,
which have no keys). The address is the PO entry's ``msgctxt``; its ``msgid`` is the English,
so a translation of text that has since changed in English no longer matches and is not used
(the English shows instead, until a translator catches up).

``content/translations/<language>/data/<same path as the data file>.po`` holds the translation
of one data file. ``manage.py write_content_po_templates`` writes or refreshes those files: new
English strings are added with an empty ``msgstr`` and translations already made are kept.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

import polib

from content.demo.loader import DATA_DIR

#: The keys whose string values are words a learner or trainer reads. Everything else in a data
#: file (keys, categories, types, links to steps, indicators and stages, flags) is wiring.
WORD_KEYS = frozenset(
    {
        "title",
        "text",
        "feedback",
        "feedback_true",
        "feedback_false",
        "explanation",
        "prompt_html",
        "general_feedback_html",
        "guidance_html",
        "intro_html",
        "narrative_html",
        "debrief_html",
        "do_html",
        "dont_html",
        "content_note",
        "sign",
        "left",
        "right",
        "items",
        "responsible",
        "contact",
    }
)

#: The data files whose words are translated (lessons, modules and quiz pages are pages, and
#: travel as wagtail-localize's own PO files: see content/demo/translations.py).
TRANSLATED_DATA = ("quizzes", "scenarios", "pathways", "indicators.toml")


@dataclass(frozen=True)
class SourceString:
    """One string of words in a data file: where it is, and its English."""

    address: str
    english: str


def source_strings(data):
    """Every word-bearing string in the parsed TOML ``data``, in file order."""
    found = []
    _walk(data, "", found)
    return found


def _walk(value, address, found):
    if isinstance(value, dict):
        for name, item in value.items():
            here = f"{address}.{name}" if address else name
            if isinstance(item, str):
                if name in WORD_KEYS and item.strip():
                    found.append(SourceString(here, item))
            elif isinstance(item, list):
                _walk_list(name, item, here, found)
            elif isinstance(item, dict):
                _walk(item, here, found)


def _walk_list(name, items, address, found):
    for position, item in enumerate(items):
        if isinstance(item, dict):
            key = item.get("key")
            label = key if isinstance(key, str) and key else position
            _walk(item, f"{address}[{label}]", found)
        elif isinstance(item, str) and name in WORD_KEYS and item.strip():
            found.append(SourceString(f"{address}[{position}]", item))


def data_files(data_dir=DATA_DIR):
    """The data files that carry translatable words, as paths relative to ``data_dir``."""
    files = []
    for entry in TRANSLATED_DATA:
        path = data_dir / entry
        files.extend(sorted(path.rglob("*.toml")) if path.is_dir() else [path])
    return [path.relative_to(data_dir) for path in files if path.exists()]


def translation_path(translations_dir, language, relative):
    """Where the translation of the data file ``relative`` into ``language`` lives."""
    return Path(translations_dir) / language / "data" / relative.with_suffix(".po")


def read_translation(path):
    """``{address: (english, translation)}`` from a data file's PO file (empty when absent)."""
    if not path.exists():
        return {}
    return {
        entry.msgctxt: (entry.msgid, entry.msgstr)
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def translated(strings, english_by_address):
    """``{address: translation}`` for the strings whose English still matches ``strings``."""
    current = {string.address: string.english for string in strings}
    return {
        address: welsh
        for address, (english, welsh) in english_by_address.items()
        if current.get(address) == english
    }


def write_template(data_path, po_path, language):
    """Write or refresh the PO file of one data file; returns (strings, untranslated)."""
    with open(data_path, "rb") as handle:
        strings = source_strings(tomllib.load(handle))
    kept = {}
    if po_path.exists():
        kept = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "PROTECT training default content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = (
        f"Translation of content/demo/data/{data_path.name} ({language}).\n"
        "msgctxt is the string's address in the data file; msgid its English. DRAFT until a\n"
        "fluent speaker has reviewed it (see README, Content in other languages)."
    )
    untranslated = 0
    for string in strings:
        old = kept.get((string.address, string.english))
        entry = polib.POEntry(
            msgctxt=string.address,
            msgid=string.english,
            msgstr=old.msgstr if old else "",
        )
        untranslated += not entry.msgstr
        po.append(entry)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
    return len(strings), untranslated
