"""
A pseudo-locale for tests: every string of the project's catalogue, wrapped in ``⟦ ⟧``.

:func:`pseudo_english` makes English (the language of unprefixed addresses) answer each
``gettext`` of a project string with ``⟦string⟧``. A page rendered under it shows every
translated interface string wrapped; any other text on it either came from the database
(titles, lesson bodies, names) or escaped translation. The catalogue is read from the Welsh
``.po`` file, which ``makemessages`` keeps in step with the code (so a new string that is marked
for translation but not yet extracted also shows up here, as unwrapped text).
"""

import contextlib
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import trans_real

PO_FILE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"
OPEN, CLOSE = "⟦", "⟧"


def wrap(text):
    return f"{OPEN}{text}{CLOSE}" if text else text


def _keys_and_values(entry):
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    if entry.msgid_plural:
        yield (key, 0), wrap(entry.msgid)
        yield (key, 1), wrap(entry.msgid_plural)
    else:
        yield key, wrap(entry.msgid)


@contextlib.contextmanager
def pseudo_english():
    """Inside: English pages show every project string as ``⟦string⟧``."""
    saved, active = trans_real._translations, getattr(trans_real._active, "value", None)
    trans_real._translations = {}
    try:
        english = trans_real.translation(settings.LANGUAGE_CODE)
        for entry in polib.pofile(str(PO_FILE)):
            for key, value in _keys_and_values(entry):
                english._catalog[key] = value
        if active is not None:
            trans_real.activate(active.language())
        yield
    finally:
        trans_real._translations = saved
        if active is not None:
            trans_real._active.value = active
