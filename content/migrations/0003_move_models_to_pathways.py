"""
The referral pathway, the indicator library, the training settings and the help contacts moved to
the ``pathways`` app with their tables: this forgets them here without touching the database.
``pathways.0001_initial`` took them over, on the same tables, before this runs.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_referral_pathway_and_indicators'),
        ('pathways', '0001_initial'),
        ('quizzes', '0004_indicators_from_pathways'),
        ('certificates', '0002_pathway_change_from_pathways'),
        ('modules', '0008_lesson_blocks_from_pathways'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='indicator',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='indicator',
                    name='locale',
                ),
                migrations.RemoveField(
                    model_name='pathwaychange',
                    name='pathway',
                ),
                migrations.RemoveField(
                    model_name='pathwaychange',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='pathwaychange',
                    name='revision',
                ),
                migrations.RemoveField(
                    model_name='pathwaystep',
                    name='pathway',
                ),
                migrations.RemoveField(
                    model_name='referralpathway',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='referralpathway',
                    name='live_revision',
                ),
                migrations.RemoveField(
                    model_name='referralpathway',
                    name='locale',
                ),
                migrations.RemoveField(
                    model_name='referralpathway',
                    name='locked_by',
                ),
                migrations.RemoveField(
                    model_name='trainingsettings',
                    name='site',
                ),
                migrations.DeleteModel(
                    name='HelpContact',
                ),
                migrations.DeleteModel(
                    name='Indicator',
                ),
                migrations.DeleteModel(
                    name='PathwayChange',
                ),
                migrations.DeleteModel(
                    name='PathwayStep',
                ),
                migrations.DeleteModel(
                    name='ReferralPathway',
                ),
                migrations.DeleteModel(
                    name='TrainingSettings',
                ),
            ],
            database_operations=[],
        ),
    ]
