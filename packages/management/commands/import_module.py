"""
``manage.py import_module <file>``: load a module package as a draft module.

Prints the plan first (slug, how indicators and pathway steps map, what is missing here). With
``--dry-run`` it stops there; otherwise it asks for confirmation unless ``--yes`` is given.
"""

from django.core.management.base import BaseCommand, CommandError

from packages.format import PackageError, read_package
from packages.importing import plan_import
from packages.services import import_package


class Command(BaseCommand):
    help = "Import a module package into this site as an unpublished draft module."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The package file (.zip) written by export_module.")
        parser.add_argument("--dry-run", action="store_true", help="Show the plan only.")
        parser.add_argument("--yes", action="store_true", help="Import without asking.")

    def handle(self, *args, file, dry_run, yes, **options):
        try:
            package = read_package(file)
            plan = plan_import(package)
        except (OSError, PackageError) as error:
            raise CommandError(str(error)) from None
        for line in plan.lines():
            self.stdout.write(line)
        if dry_run:
            return
        if not yes and input("Import this module as a draft? [y/N] ").strip().lower() != "y":
            self.stdout.write("Nothing imported.")
            return
        try:
            module, _plan = import_package(package)
        except PackageError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Imported “{module.title}” as a draft at {module.url_path}.")
