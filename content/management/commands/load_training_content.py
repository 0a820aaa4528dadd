"""``manage.py load_training_content``: build the default training modules (safe to run twice)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from content.demo.data_translations import load_data_translations
from content.demo.loader import ContentDataError, LoadReport, load_training_content
from content.demo.pathways import load_reference_content
from content.demo.quizzes import load_quizzes
from content.demo.scenarios import load_scenarios
from content.demo.translations import load_translations


class Command(BaseCommand):
    help = (
        "Create the training catalogue, the default modules, lessons and quizzes, and the help "
        "contacts. "
        "Modules that already exist are left as trainers made them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Publish the data files' version of the default modules, lessons, quizzes, "
            "questions, scenarios, pathways and indicators as new revisions or updates (earlier "
            "revisions stay in the history; past attempts keep their snapshots).",
        )

    def handle(self, *args, refresh=False, **options):
        try:
            # Order matters: scenarios name pathway steps and indicators; lessons embed
            # scenarios for practice; quizzes draw scenarios and ask bank questions.
            reference = LoadReport()
            load_reference_content(refresh=refresh, report=reference)
            load_scenarios(reference, refresh=refresh)
            report = load_training_content(refresh=refresh)
            report.merge(reference)
            load_quizzes(report, refresh=refresh)
            # Last: a translation copies its English original, which must be complete; the
            # questions, scenarios and pathways first, so translated pages can point to them.
            load_data_translations(report, refresh=refresh)
            load_translations(report, refresh=refresh)
        except ContentDataError as error:
            raise CommandError(f"Training content not loaded: {error}") from error
        for line in report.lines():
            self.stdout.write(f"  {line}")
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Training content is loaded."))
