"""The Welsh catalogue keeps up with the code: a string marked for translation but never
extracted (``makemessages`` not run after adding it) would show in English on every Welsh page.

The pseudo-locale test (test_no_string_escapes_translation.py) finds such strings on the
learner pages it renders; this one reads the source: every literal ``{% translate "…" %}`` in a
template and every literal ``gettext``/``_``/``gettext_lazy``/``pgettext`` call in Python must
have its entry in ``locale/cy/LC_MESSAGES/django.po``.
"""

import ast
import re
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "tests", "benchmarks", "content", "node_modules", ".git", "var", "static"}
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:trans|translate)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?"""
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PGETTEXT_NAMES = {"pgettext", "pgettext_lazy"}


def project_files(pattern):
    for path in ROOT.rglob(pattern):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIPPED:
            yield path


def welsh_entries():
    po = polib.pofile(str(ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid) for entry in po}


def template_strings():
    for path in project_files("*.html"):
        for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            # makemessages writes a template's "%" as "%%" (the entry is python-format).
            msgid = match.group("msgid").replace("%", "%%")
            if "{{" not in msgid:
                yield path, (match.group("context"), msgid)


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_strings():
    for path in project_files("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            if name in GETTEXT_NAMES and len(node.args) == 1:
                msgid = _literal(node.args[0])
                if msgid:
                    yield path, (None, msgid)
            elif name in PGETTEXT_NAMES and len(node.args) == 2:
                context, msgid = _literal(node.args[0]), _literal(node.args[1])
                if context and msgid:
                    yield path, (context, msgid)


def test_the_scan_finds_strings_in_templates_and_code():
    assert sum(1 for _ in template_strings()) > 500
    assert sum(1 for _ in python_strings()) > 300


def test_every_marked_string_is_in_the_welsh_catalogue():
    known = welsh_entries()
    missing = sorted(
        {
            f"{path.relative_to(ROOT)}: {msgid!r}" + (f" (context {context!r})" if context else "")
            for path, (context, msgid) in [*template_strings(), *python_strings()]
            if (context, msgid) not in known
        }
    )
    assert not missing, (
        "Marked for translation but not in locale/cy (run makemessages, then translate; see "
        "README, The interface in Welsh and Arabic):\n" + "\n".join(missing)
    )
