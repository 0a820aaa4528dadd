"""Template tags for content shared by every page."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from elearning import content_memo
from pathways import phone_links
from pathways.models import HelpContact

register = template.Library()


@register.simple_tag
def help_contacts():
    """The help contacts in the current language, emergency contacts first.

    One query, once per content version on learner pages (:mod:`elearning.content_memo`).
    """
    language = get_supported_content_language_variant(translation.get_language())
    return content_memo.remember(("help-contacts", language), lambda: _help_contacts_in(language))


def _help_contacts_in(language):
    """The contacts in ``language``; in the default language while none are translated.

    Nobody must miss the emergency number because the footer is not yet translated.
    """
    contacts = list(_contacts_in(language))
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if not contacts and language != default:
        contacts = list(_contacts_in(default))
    return contacts


def _contacts_in(language):
    return HelpContact.objects.filter(locale__language_code=language).order_by(
        "-is_emergency", "sort_order", "name"
    )


@register.filter
def tel_links(value):
    """Turn the phone numbers in plain text into ``tel:`` links (the text is escaped first)."""
    return phone_links.link_phone_numbers(value or "")


@register.filter
def tel_links_html(value):
    """Turn the phone numbers in rendered rich text into ``tel:`` links (tags left alone)."""
    return phone_links.link_phone_numbers_in_html(value or "")
