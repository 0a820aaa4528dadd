"""
Template filters for the quiz result page.

``demote_headings`` moves the headings of authored rich text (a scenario's debrief, written with
``<h3>`` at the top) under the heading that contains it, so that the page outline stays a tree:
the debrief of "Question 2" (an ``h3``) starts at ``h4``.
"""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter
def demote_headings(html, top_level):
    """``html`` with its highest heading at ``top_level`` and the others kept below it."""
    html = str(html or "")
    levels = [int(match.group(2)) for match in _HEADING.finditer(html)]
    if not levels:
        return mark_safe(html)  # noqa: S308 - rendered rich text, already safe
    shift = int(top_level) - min(levels)

    def replace(match):
        return f"<{match.group(1)}h{min(6, max(1, int(match.group(2)) + shift))}"

    return mark_safe(_HEADING.sub(replace, html))  # noqa: S308 - only tag names change
