"""Wagtail locales for Welsh and Arabic, so trainers can translate into them from the start.

English (the default locale) is created by Wagtail's own migrations. Removing a language later is
configuration: a locale without pages does nothing.
"""

from django.db import migrations

LANGUAGE_CODES = ("cy", "ar")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("elearning", "0001_freshness_stamps"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
