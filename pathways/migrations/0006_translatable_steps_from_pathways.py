"""Give every pathway step its pathway's locale, and a translation key shared across languages.

A step of a translated pathway must share its key with the source's step (wagtail-localize pairs
them by it): the key is derived from the pathway's translation key and the step's own ``key``,
which a translation already keeps.
"""

import uuid

from django.db import migrations


def fill_from_pathways(apps, schema_editor):
    ReferralPathway = apps.get_model("pathways", "ReferralPathway")
    PathwayStep = apps.get_model("pathways", "PathwayStep")
    parents = {
        pk: (translation_key, locale_id)
        for pk, translation_key, locale_id in ReferralPathway.objects.values_list(
            "pk", "translation_key", "locale_id"
        )
    }
    for step in PathwayStep.objects.all():
        translation_key, locale_id = parents[step.pathway_id]
        step.translation_key = uuid.uuid5(translation_key, f"steps:{step.key}")
        step.locale_id = locale_id
        step.save(update_fields=["translation_key", "locale_id"])


class Migration(migrations.Migration):
    dependencies = [("pathways", "0005_translatable_steps_fields")]

    operations = [migrations.RunPython(fill_from_pathways, migrations.RunPython.noop)]
