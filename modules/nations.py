"""
The four UK nations, and which one a learner works in.

Trafficking law is devolved: England and Wales share the Modern Slavery Act 2015, while Scotland
and Northern Ireland have their own Acts (FACTS.md 2.2, FACTS-ADDENDUM 6). Lessons show what
differs in a :class:`modules.blocks.NationsBlock`, one panel per :class:`Nation`, and put the
learner's own nation first.

A learner's profile holds a free-text *region* ("London", "Scotland", "North West"...), set by
training managers and imports. :func:`nation_for_region` reads the nation from it; a region it
cannot place (empty, "Overseas", a typo) gives ``None``, and the panels keep the order the
trainer gave them.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Nation(models.TextChoices):
    """A legal jurisdiction for trafficking law (England and Wales share one)."""

    ENGLAND_WALES = "england_wales", _("England and Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


#: Words in a region name that place it, checked in this order (Northern Ireland before Ireland).
_REGION_WORDS = [
    (Nation.NORTHERN_IRELAND, r"northern ireland|\bni\b|belfast|ulster"),
    (Nation.SCOTLAND, r"scotland|scottish|glasgow|edinburgh|aberdeen|dundee|highlands"),
    (
        Nation.ENGLAND_WALES,
        r"england|english|wales|welsh|cymru|london|south east|south west|north east|north west|"
        r"midlands|yorkshire|humber|cardiff|swansea",
    ),
]


def nation_for_region(region):
    """The :class:`Nation` a profile region lies in, or None when the region does not say."""
    text = (region or "").strip().lower()
    if not text:
        return None
    for nation, pattern in _REGION_WORDS:
        if re.search(pattern, text):
            return nation
    return None


def nation_of(request):
    """The signed-in learner's nation from their profile region (looked up once per request)."""
    if request is None:
        return None
    if not hasattr(request, "_learner_nation"):
        user = getattr(request, "user", None)
        region = ""
        if user is not None and user.is_authenticated:
            from learners.models import LearnerProfile

            region = (
                LearnerProfile.objects.filter(user_id=user.pk)
                .values_list("region", flat=True)
                .first()
            ) or ""
        request._learner_nation = nation_for_region(region)
    return request._learner_nation
