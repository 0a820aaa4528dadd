"""A fresh site is called "Demo Charity" rather than "Our organisation".

Rows still carrying the old default are renamed; a name an organisation typed is kept. Running it
again changes nothing (only the old default is matched), and going back leaves names alone.
"""

from django.db import migrations, models

OLD_DEFAULT = "Our organisation"
NEW_DEFAULT = "Demo Charity"


def rename_old_default(apps, schema_editor):
    TrainingSettings = apps.get_model("pathways", "TrainingSettings")
    TrainingSettings.objects.filter(organisation_name=OLD_DEFAULT).update(
        organisation_name=NEW_DEFAULT
    )


class Migration(migrations.Migration):

    dependencies = [
        ("pathways", "0003_indicator_categories_beyond_the_seven"),
    ]

    operations = [
        migrations.AlterField(
            model_name="trainingsettings",
            name="organisation_name",
            field=models.CharField(
                default="Demo Charity", max_length=120, verbose_name="organisation name"
            ),
        ),
        migrations.RunPython(rename_old_default, migrations.RunPython.noop),
    ]
