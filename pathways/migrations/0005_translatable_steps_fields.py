"""Pathway steps become translatable: their locale and key, nullable first (0006 fills them,
0007 makes them required).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0004_demo_charity_default_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="pathwaystep",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="pathwaystep",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
