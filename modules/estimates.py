"""
How long a lesson takes, worked out from what is in it rather than typed in by hand.

A learner reads learning material at about 150-200 words a minute (issue 18); we use
:data:`WORDS_PER_MINUTE` = 180. Reading time is the words of the lesson's content note and of
every text a learner reads in its body (headings, text, callouts, case studies with their
reflection questions, indicator cards, steps, nation panels, transcripts; not sources, choice
keys or addresses). Activities add a fixed time each (:data:`ACTIVITY_MINUTES`): a scenario to
practise, the referral pathway to look through, a case study's questions to think over.

A lesson keeps its estimate in ``LessonPage.estimated_minutes``, recomputed whenever the page is
saved (a draft or a publish), so listings read a column and never parse a body. A module's time
is the sum of its live lessons (``ModuleOverview.estimated_minutes``).
"""

import html
import math
import re

WORDS_PER_MINUTE = 180

#: Minutes added per block of this type, on top of reading its words.
ACTIVITY_MINUTES = {
    "scenario_practice": 6,
    "referral_pathway": 4,
}
#: Minutes to think over a case study's reflection questions (when it has any).
REFLECTION_MINUTES = 2

#: Keys in a block's stored value that hold no reading: choices, addresses, ids and the sources
#: list at the end of a lesson (a reference, not material to read through).
_NOT_READ = {
    "type",
    "id",
    "style",
    "category",
    "nation",
    "url",
    "urgent",
    "scenario",
    "pathway",
    "image",
    "video",
    "from_library",
    "sources",
}
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def count_words(text):
    """Words in a piece of plain text or HTML (tags and entities do not count)."""
    return len(_WORD.findall(html.unescape(_TAG.sub(" ", text or ""))))


def _words_in(value):
    if isinstance(value, str):
        return count_words(value)
    if isinstance(value, dict):
        return sum(_words_in(item) for key, item in value.items() if key not in _NOT_READ)
    if isinstance(value, list | tuple):
        return sum(_words_in(item) for item in value)
    return 0


def _activity_minutes(block_type, value):
    minutes = ACTIVITY_MINUTES.get(block_type, 0)
    if block_type == "case_study" and isinstance(value, dict) and value.get("reflection"):
        minutes += REFLECTION_MINUTES
    return minutes


def estimate_minutes(raw_body, *, content_note=""):
    """Whole minutes (at least 1) to read a lesson body and do its activities.

    ``raw_body`` is a StreamField's stored form: a list of ``{"type": ..., "value": ...}``.
    """
    words = count_words(content_note)
    activities = 0
    for item in raw_body or []:
        block_type, value = item.get("type"), item.get("value")
        words += _words_in(value)
        activities += _activity_minutes(block_type, value)
    return max(1, math.ceil(words / WORDS_PER_MINUTE + activities))


def lesson_minutes(lesson):
    """The estimate for a :class:`modules.models.LessonPage` as it is now in memory."""
    return estimate_minutes(lesson.body.raw_data, content_note=lesson.content_note)
