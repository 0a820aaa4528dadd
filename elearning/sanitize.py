"""
The one place where learner free text is cleaned.

Learners type free text in a few places (reflective answers, profile names). Everything they type
passes through :func:`clean_learner_text` before it is stored, so a stored value is always safe to
show to a trainer. Nothing else in the code base calls bleach directly.
"""

import html

import bleach

#: Learners write plain text; these few tags survive so that pasted line breaks and emphasis do.
LEARNER_TEXT_TAGS = frozenset({"p", "br", "b", "i", "strong", "em", "ul", "ol", "li"})

#: Upper bound on stored learner text, in characters, so a paste cannot fill the database.
MAX_LEARNER_TEXT_LENGTH = 10_000


def clean_learner_text(value, *, max_length=MAX_LEARNER_TEXT_LENGTH):
    """Return ``value`` with every tag and attribute outside the allow-list removed.

    Null bytes are dropped, surrounding white space is trimmed and the result is cut to
    ``max_length`` characters.
    """
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    cleaned = bleach.clean(text, tags=LEARNER_TEXT_TAGS, attributes={}, strip=True)
    return cleaned.strip()[:max_length]


def plain_text(value, *, max_length=MAX_LEARNER_TEXT_LENGTH):
    """Return ``value`` as plain text with all markup removed (for names and one-line fields).

    The result is unescaped text: templates escape it again when they show it, so an ampersand in
    a name is shown as an ampersand and never as ``&amp;amp;``.
    """
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    stripped = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True))
    return " ".join(stripped.split())[:max_length]
