"""Translatable content: adding a language is configuration, not a data migration."""

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import Locale

from pathways.models import HelpContact


@pytest.fixture
def french(settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
        ("en-gb", "English"),
        ("fr", "French"),
    ]
    return Locale.objects.create(language_code="fr")


@pytest.mark.django_db
def test_help_contact_can_be_translated_without_a_migration(french):
    english = HelpContact.objects.create(
        locale=Locale.get_default(), name="Helpline", purpose="Advice", phone="08000 121 700"
    )
    translation = english.copy_for_translation(french)
    translation.purpose = "Conseils"
    translation.save()
    assert translation.translation_key == english.translation_key
    assert english.get_translation(french).purpose == "Conseils"


@pytest.mark.django_db
def test_one_translation_per_locale(french):
    english = HelpContact.objects.create(locale=Locale.get_default(), name="999", purpose="Danger")
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpContact.objects.create(
            locale=english.locale, translation_key=english.translation_key, name="x", purpose="y"
        )


@pytest.mark.django_db
def test_training_pages_are_translatable(catalogue, general_module, french):
    copy = general_module.copy_for_translation(french, copy_parents=True)
    assert copy.locale == french
    assert copy.translation_key == general_module.translation_key
