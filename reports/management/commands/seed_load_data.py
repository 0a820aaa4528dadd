"""
``manage.py seed_load_data``: 20,000 learners with realistic records, for benchmarking reports.

Never for a real site: it refuses to run unless ``DEBUG`` is on or
``--i-know-this-is-not-production`` is given. Needs the training content
(``manage.py load_training_content``). Running it again adds more learners.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.load_data import seed_learners


class Command(BaseCommand):
    help = "Create many learners with progress, attempts and certificates (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=20_000, help="How many (20,000).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (2026).")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Run although DEBUG is off (a disposable benchmark database).",
        )

    def handle(self, *args, learners, seed, batch_size, not_production, **options):
        if not (settings.DEBUG or not_production):
            raise CommandError(
                "seed_load_data fills the database with made-up learners. It runs only with "
                "DEBUG on, or with --i-know-this-is-not-production on a disposable database."
            )
        if learners < 1:
            raise CommandError("--learners must be at least 1.")
        began = time.monotonic()
        try:
            totals = seed_learners(
                learners,
                rng=random.Random(seed),
                batch_size=batch_size,
                log=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{count} {what}" for what, count in totals.items())
        self.stdout.write(
            self.style.SUCCESS(f"Created {summary} in {time.monotonic() - began:.0f} s.")
        )
