"""Give every existing question the default locale and a translation key of its own.

Wagtail's documented way to make an existing model translatable: the fields were added nullable
(0006), this fills them, and 0008 makes them required with the uniqueness rules.
"""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0006_question_locale_and_translation_key")]

    operations = [BootstrapTranslatableModel("quizzes.Question")]
