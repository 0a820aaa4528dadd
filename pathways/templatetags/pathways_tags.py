"""Template tags for content shared by every page."""

from django import template
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from elearning import content_memo
from pathways.models import HelpContact

register = template.Library()


@register.simple_tag
def help_contacts():
    """The help contacts in the current language, emergency contacts first.

    One query, once per content version on learner pages (:mod:`elearning.content_memo`).
    """
    language = get_supported_content_language_variant(translation.get_language())
    return content_memo.remember(
        ("help-contacts", language),
        lambda: list(
            HelpContact.objects.filter(locale__language_code=language).order_by(
                "-is_emergency", "sort_order", "name"
            )
        ),
    )
