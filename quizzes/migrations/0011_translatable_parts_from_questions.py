"""Give every option, ordering item and matching pair its question's locale, and a translation key.

Wagtail's bootstrap gives each row a random key; a part must instead share its key with the same
part of its question's other translations, or wagtail-localize could not pair the Welsh option
with the English one. So the key is derived from the question's translation key and the part's
place among its question's parts: the first option of a question and of its translation get the
same key.
"""

import uuid

from django.db import migrations

PARTS = {
    "singlechoiceoption": "options",
    "multiplechoiceoption": "options",
    "orderingitem": "items",
    "matchingpair": "pairs",
}


def part_key(parent_translation_key, relation, position):
    return uuid.uuid5(parent_translation_key, f"{relation}:{position}")


def fill_from_questions(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    parents = {
        pk: (translation_key, locale_id)
        for pk, translation_key, locale_id in Question.objects.values_list(
            "pk", "translation_key", "locale_id"
        )
    }
    for model_name, relation in PARTS.items():
        model = apps.get_model("quizzes", model_name)
        position, previous = 0, None
        for part in model.objects.order_by("question_id", "sort_order", "pk"):
            position = position + 1 if part.question_id == previous else 0
            previous = part.question_id
            translation_key, locale_id = parents[part.question_id]
            part.translation_key = part_key(translation_key, relation, position)
            part.locale_id = locale_id
            part.save(update_fields=["translation_key", "locale_id"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0010_translatable_parts_fields")]

    operations = [migrations.RunPython(fill_from_questions, migrations.RunPython.noop)]
