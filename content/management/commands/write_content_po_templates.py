"""``manage.py write_content_po_templates cy``: PO files for translating the default data files."""

from django.core.management.base import BaseCommand

from content.demo.loader import DATA_DIR
from content.demo.source_strings import data_files, translation_path, write_template
from content.demo.translations import TRANSLATIONS_DIR


class Command(BaseCommand):
    help = (
        "Write or refresh content/translations/<language>/data/*.po: one PO file per data file "
        "of questions, scenarios, pathways and indicators. New English strings are added "
        "untranslated; translations already made are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", help="language code, for example cy")
        parser.add_argument(
            "--only",
            nargs="*",
            default=None,
            help="data files to write, relative to content/demo/data (default: all)",
        )

    def handle(self, *args, language, only=None, **options):
        for relative in data_files():
            if only and str(relative) not in only:
                continue
            po_path = translation_path(TRANSLATIONS_DIR, language, relative)
            total, untranslated = write_template(DATA_DIR / relative, po_path, language)
            self.stdout.write(
                f"  {po_path.relative_to(TRANSLATIONS_DIR)}: {total} strings, "
                f"{untranslated} untranslated"
            )
