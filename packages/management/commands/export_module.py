"""``manage.py export_module <slug> <file>``: write a module package (see packages.format)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from modules.models import TrainingModulePage
from packages.exporting import export_module


class Command(BaseCommand):
    help = "Write a module (pages, questions, scenarios, images) to one package file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The module's slug, such as general-awareness.")
        parser.add_argument("file", help="Where to write the package (.zip).")

    def handle(self, *args, slug, file, **options):
        # The English module: a translation travels with wagtail-localize, not in a package.
        module = TrainingModulePage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if module is None:
            raise CommandError(f"No module has the slug “{slug}”.")
        data = export_module(module)
        Path(file).write_bytes(data)
        self.stdout.write(f"Wrote {module.title} to {file} ({len(data)} bytes).")
