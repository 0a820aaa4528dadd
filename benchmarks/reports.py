"""
Benchmark the training reports on a large organisation, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/reports.py
    .venv/bin/python benchmarks/reports.py --learners 20000 \\
        --database-url sqlite:////tmp/protect-bench.sqlite3 \\
        --database-url postgres://postgres@127.0.0.1:5432/elearning_bench

For each database it migrates, loads the default training content, seeds the learners with
``manage.py seed_load_data`` (only the ones missing, so a second run reuses the data), then
times, as a signed-in training manager through Django's test client (no network):

* a bare Django view rendering a small template: the floor for any page on that machine;
* the compliance report's first page (50 records, summary bar, filters, admin chrome);
* the compliance report's full CSV export (every record, streamed);
* for context, the other report pages.

Each timing is the median of ``--repeat`` runs (the first, warming caches, is not counted),
with the number of queries. A PostgreSQL database named in ``--database-url`` is created if it
does not exist. Each database is measured in its own process, since Django's settings are fixed
once loaded. Never point it at a real site's database: it adds made-up learners.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = f"sqlite:///{Path(tempfile.gettempdir()) / 'protect-reports-bench.sqlite3'}"
BASELINE_TEMPLATE = """<!doctype html><html lang="en"><head><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body>
</html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        action="append",
        dest="urls",
        help=f"A database to measure (repeatable). Default: {DEFAULT_SQLITE}",
    )
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per page (5).")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    urls = args.urls or [DEFAULT_SQLITE]
    if args.worker:
        print(json.dumps(measure(urls[0], args.learners, args.repeat)))
        return
    results = []
    for url in urls:
        print(f"== {redact(url)}: preparing {args.learners} learners and measuring", flush=True)
        command = [
            sys.executable,
            __file__,
            "--worker",
            "--database-url",
            url,
            "--learners",
            str(args.learners),
            "--repeat",
            str(args.repeat),
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            sys.exit(done.returncode)
        sys.stderr.write(done.stderr)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(results)


def redact(url):
    """The URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.split("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url


def print_table(results):
    names = [row["name"] for row in results[0]["timings"]]
    header = ["measure"] + [f"{r['vendor']} ({r['learners']} learners)" for r in results]
    lines = [header]
    for index, name in enumerate(names):
        cells = [name]
        for result in results:
            timing = result["timings"][index]
            extra = f", {timing['rows']} rows" if timing.get("rows") else ""
            cells.append(f"{timing['median_ms']:.1f} ms ({timing['queries']} queries{extra})")
        lines.append(cells)
    lines.append(["seeding (this run)"] + [f"{r['seed_seconds']:.0f} s" for r in results])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    for number, line in enumerate(lines):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            + " |"
        )
        if number == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


# The worker: one database, in its own process ----------------------------------------------


def measure(url, learners, repeat):
    os.environ["DJANGO_SETTINGS_MODULE"] = "elearning.settings.test"
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    create_postgres_database(url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    from learners.roles import Role
    from modules.models import TrainingModulePage
    from quizzes.models import ScenarioQuestion

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    if not TrainingModulePage.objects.live().exists():
        call_command("load_training_content", verbosity=0)
    User = get_user_model()
    existing = User.objects.filter(username__startswith="load-").count()
    began = time.monotonic()
    if existing < learners:
        call_command(
            "seed_load_data", learners=learners - existing, i_know_this_is_not_production=True
        )
    seed_seconds = time.monotonic() - began

    manager, _created = User.objects.get_or_create(username="bench-manager")
    manager.groups.set([Group.objects.get(name=Role.TRAINING_MANAGER.group_name)])
    client = Client()
    client.force_login(manager)

    def timed(name, path, *, stream=False):
        runs, queries, rows = [], 0, 0
        for run in range(repeat + 1):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                # An export redirects to its file, built at once here (the immediate backend).
                response = client.get(path, follow=True)
                body = b"".join(response.streaming_content) if stream else response.content
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, (path, response.status_code)
            if run:  # the first run warms caches and is not counted
                runs.append(elapsed)
            queries = len(captured)
            rows = body.count(b"\n") - 1 if stream else 0
        return {
            "name": name,
            "median_ms": 1000 * statistics.median(runs),
            "min_ms": 1000 * min(runs),
            "queries": queries,
            "rows": rows,
        }

    scenario = ScenarioQuestion.objects.order_by("pk").first()
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        timings = [
            timed("bare Django view, small template", "/bench/baseline/"),
            timed("compliance report, first page", "/admin/training-reports/compliance/"),
            timed(
                "compliance report, a filtered page",
                "/admin/training-reports/compliance/?region=London&status=expired",
            ),
            timed(
                "compliance report, full CSV export",
                "/admin/training-reports/compliance/?export=csv",
                stream=True,
            ),
            timed(
                "overdue and expiring by region", "/admin/training-reports/overdue-and-expiring/"
            ),
            timed("completions per month", "/admin/training-reports/completions/"),
            timed("quiz item analysis", "/admin/training-reports/item-analysis/"),
            timed(
                "one scenario's decisions",
                f"/admin/training-reports/scenarios/{scenario.pk}/",
            ),
        ]
    return {
        "vendor": connection.vendor,
        "learners": User.objects.filter(username__startswith="load-").count(),
        "seed_seconds": seed_seconds,
        "timings": timings,
    }


def create_postgres_database(url):
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )
    with admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            admin.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
