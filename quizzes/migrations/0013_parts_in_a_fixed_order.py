"""Give every option, ordering item and matching pair a sort order, and list them in a fixed order.

The default content loader used to save a question's parts without a sort order, so they were
listed by an empty column: SQLite happened to return them in the order they were written, while
PostgreSQL may return equal rows in any order. For an ordering question the listed order *is*
the right answer. A part without a sort order takes its place among its question's parts by id,
the order the loader wrote them in (after the parts that already have one, as PostgreSQL lists
empty sort orders last); the id then breaks any tie for good.
"""

from django.db import migrations

PART_MODELS = ("singlechoiceoption", "multiplechoiceoption", "orderingitem", "matchingpair")


def number_unordered_parts(apps, schema_editor):
    for model_name in PART_MODELS:
        model = apps.get_model("quizzes", model_name)
        questions = (
            model.objects.filter(sort_order__isnull=True)
            .values_list("question_id", flat=True)
            .distinct()
        )
        for question_id in list(questions):
            parts = list(model.objects.filter(question_id=question_id).order_by("pk"))
            ordered = sorted(
                parts, key=lambda part: (part.sort_order is None, part.sort_order or 0, part.pk)
            )
            for position, part in enumerate(ordered):
                part.sort_order = position
            model.objects.bulk_update(ordered, ["sort_order"])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0012_translatable_parts_required"),
    ]

    operations = [
        migrations.RunPython(number_unordered_parts, migrations.RunPython.noop),
        *(
            migrations.AlterModelOptions(name=name, options={"ordering": ["sort_order", "pk"]})
            for name in PART_MODELS
        ),
    ]
