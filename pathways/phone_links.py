"""
Phone numbers as tap-to-call links, for the referral pathway on a phone.

A UK number in a pathway's text (999, 101, 111, or a full number such as ``08000 121 700`` or
``+44 20 7946 0000``) becomes ``<a href="tel:08000121700">08000 121 700</a>``. Only text between
tags is changed, never an attribute, and text already inside a link is left alone, so rich text
from the editor stays valid HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

#: 999, 101 and 111 on their own, or a full UK number of 10 or 11 digits written with spaces or
#: dashes (starting 0, or +44 without the leading 0).
PHONE_NUMBER = re.compile(
    r"(?<![\w+/.])(?:999|101|111|(?:\+44[\s-]?|0)\d(?:[\s-]?\d){8,9})(?![\w/])"
)
_TAG = re.compile(r"(<[^>]*>)")


def tel_href(number):
    """The ``tel:`` address of a written number (its digits and a leading +)."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def _link(match):
    number = match.group(0)
    return f'<a class="tel" href="{tel_href(number)}">{number}</a>'


def link_phone_numbers_in_html(html):
    """``html`` (already safe) with the numbers in its text turned into ``tel:`` links."""
    parts = _TAG.split(str(html))
    inside_link = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                inside_link += 1
            elif lowered.startswith("</a"):
                inside_link = max(0, inside_link - 1)
        elif not inside_link:
            parts[index] = PHONE_NUMBER.sub(_link, part)
    return mark_safe("".join(parts))


def link_phone_numbers(text):
    """Plain ``text``, escaped, with its numbers as ``tel:`` links."""
    return link_phone_numbers_in_html(escape(text))
