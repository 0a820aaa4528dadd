"""
A whole organisation under load: 200 learners and their managers on two app servers (locust).

    make bench-organisation
    .venv/bin/python benchmarks/organisation_load.py [--users 200] [--spawn-rate 20]
        [--duration 120] [--learners 20000] [--bare-duration 20]

It prepares PostgreSQL ``elearning_bench_org`` and Redis database 8 the way
``benchmarks/http_load.py`` does (migrate, training content, ``seed_load_data`` up to
``--learners`` seeded learners, collectstatic), then gives the accounts the load uses a password:
``seed_load_data`` makes learners with an unusable password, so the first ``2 x --users`` seeded
learners get one (hashed with MD5 here only, ``benchmarks/organisation_settings.py``: 200
sign-ins with the production hasher would measure PBKDF2 and little else), and ten training
managers are made. Each learner's modules (those they may open, with lessons and quiz) go to a
JSON file for ``benchmarks/locustfile.py``.

It starts the task worker (``manage.py db_worker``, as in production) and TWO gunicorn servers
(2 sync workers each, production settings plus the bench view) sharing the database and Redis,
and runs locust headless twice against both:

1. the floor: ``BareView``, 4 users asking ``/bench/baseline/`` back to back (one request in
   flight per worker), ``--bare-duration`` seconds;
2. the organisation: ``Learner`` (~95 %) and ``Manager`` (~5 %), ``--users`` users started at
   ``--spawn-rate`` a second, for ``--duration`` seconds, with 1–4 s (managers 2–6 s) of
   reading between requests.

Then it prints one Markdown table from locust's CSV stats: request type, requests/s, median and
95th percentile (ms), failures; and the failures locust recorded, if any. Everything runs on this
one machine (loopback only), the load generator included, and it stops by itself.

Never point it at a real site's database: it adds made-up learners and sets their passwords.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import http_load  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/elearning_bench_org"
REDIS_URL = "redis://127.0.0.1:6379/8"
DEFAULT_WORKDIR = Path("/tmp/protect-org-bench")
MANAGERS = 10


def django_accounts(count):
    """Passwords for ``count`` seeded learners and the managers; each learner's open modules."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from learners.roles import Role, groups_for_role
    from modules.access import check_module_access, learner_group_ids
    from modules.models import (
        Enrolment,
        LessonPage,
        QuizPage,
        TrainingCatalogPage,
        TrainingModulePage,
    )
    from reports.load_data import USERNAME_PREFIX

    User = get_user_model()
    password = os.environ["BENCH_PASSWORD"]
    hashed = make_password(password)
    learners = list(
        User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username")[:count]
    )
    User.objects.filter(pk__in=[u.pk for u in learners]).update(password=hashed, is_active=True)
    managers = []
    for number in range(1, MANAGERS + 1):
        username = f"bench-org-manager-{number:02d}"
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": "Manager", "email": f"{username}@x.org"},
        )
        user.password = hashed
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups_for_role(Role.TRAINING_MANAGER)))
        managers.append(username)

    modules = list(TrainingModulePage.objects.live().prefetch_related("audience", "prerequisites"))
    detail = {}
    for module in modules:
        quiz = QuizPage.objects.live().child_of(module).first()
        detail[module.pk] = {
            "url": module.url,
            "lessons": [
                lesson.url for lesson in LessonPage.objects.live().child_of(module).order_by("path")
            ],
            "quiz": quiz.url if quiz else None,
        }
    accounts = []
    for user in learners:
        completed = set(
            Enrolment.objects.filter(user=user, completed_at__isnull=False).values_list(
                "module_id", flat=True
            )
        )
        completed |= {m.translation_key for m in modules if m.pk in completed}
        groups = learner_group_ids(user)
        open_modules = [
            detail[m.pk]
            for m in modules
            if check_module_access(
                user, m, group_ids=groups, completed_module_ids=completed
            ).allowed
        ]
        if open_modules:
            accounts.append({"username": user.username, "modules": open_modules})
    catalogue = TrainingCatalogPage.objects.live().first()
    return {
        "password": password,
        "catalogue": catalogue.url,
        "learners": accounts,
        "managers": managers,
    }


def environment(workdir):
    env = http_load.backend_environment("postgres", workdir, secrets.token_urlsafe(50))
    env.update(
        DATABASE_URL=POSTGRES_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="benchmarks.organisation_settings",
    )
    return env


@contextlib.contextmanager
def task_worker(env, log_path):
    """The task worker production runs beside the app servers (emails, PDFs, exports).

    Without it the queue only grows, and ``/healthz`` rightly reports the site unavailable.
    """
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--queue-name", "*"]
    with open(log_path, "w") as log_file:
        worker = subprocess.Popen(
            [*command, "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
    try:
        yield worker
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def run_locust(hosts, accounts_file, user_class, users, spawn_rate, duration, prefix, log_path):
    env = {
        **os.environ,
        "BENCH_ORG_HOSTS": " ".join(hosts),
        "BENCH_ORG_ACCOUNTS": str(accounts_file),
    }
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{duration}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(prefix),
        "--only-summary",
        "--host",
        hosts[0],
        *user_class,
    ]
    with open(log_path, "w") as log_file:
        done = subprocess.run(command, env=env, stdout=log_file, stderr=log_file, check=False)
    # locust exits 1 when a request failed: the table reports those, so only a missing CSV is fatal.
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise SystemExit(f"locust failed (exit {done.returncode}); see {log_path}")
    return read_stats(stats), read_failures(Path(f"{prefix}_failures.csv"))


def read_stats(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def read_failures(path):
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def row(stat):
    return [
        stat["Name"] if stat["Name"] != "Aggregated" else "**all requests**",
        f"{float(stat['Requests/s']):.1f}",
        stat["Request Count"],
        f"{float(stat['Median Response Time']):.0f}",
        stat["95%"],
        stat["Failure Count"],
    ]


def print_report(args, bare, mixed, failures, load_before, load_after):
    print(
        f"\n## A whole organisation under load ({os.cpu_count()} cores; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})\n"
    )
    print(
        f"PostgreSQL + Redis, {args.seeded:,} seeded learners; two gunicorn servers with "
        f"2 sync workers each; locust {args.users} "
        f"{'learners (no managers)' if args.learners_only else 'users'} "
        f"(spawn {args.spawn_rate}/s) for "
        f"{args.duration} s on the same machine. Load average before: {load_before}; "
        f"after: {load_after}.\n"
    )
    header = ["request type", "req/s", "requests", "median ms", "p95 ms", "failures"]
    rows = [header]
    rows += [row(s) for s in bare if s["Name"] != "Aggregated"]
    rows += [row(s) for s in sorted(mixed, key=lambda s: s["Name"] == "Aggregated")]
    http_load.print_table(rows)
    if failures:
        print("\nFailures (locust):")
        for failure in failures:
            print(
                f"- {failure['Method']} {failure['Name']}: {failure['Error']} "
                f"({failure['Occurrences']}x)"
            )
    else:
        print("\nFailures: none.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--bare-duration", type=int, default=20)
    parser.add_argument("--learners", type=int, default=20000, help="Seeded learners (20,000).")
    parser.add_argument(
        "--learners-only",
        action="store_true",
        help="No managers: to see what the learners alone ask of the servers.",
    )
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--django", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.django:
        print(json.dumps(django_accounts(int(args.django))))
        return

    def log(line):
        print(line, file=sys.stderr, flush=True)

    args.workdir.mkdir(parents=True, exist_ok=True)
    http_load.POSTGRES_URL, http_load.REDIS_URL = POSTGRES_URL, REDIS_URL
    env = environment(args.workdir)
    log(f"== preparing {POSTGRES_URL.rsplit('/', 1)[1]} and Redis db 8")
    http_load.prepare_database("postgres", env, args.learners, log)
    log("== passwords for the learners locust signs in as, and the managers")
    done = subprocess.run(
        [sys.executable, __file__, "--django", str(args.users * 2)],
        cwd=ROOT,
        env={**env, "BENCH_PASSWORD": secrets.token_urlsafe(16)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("Preparing the accounts failed.")
    accounts = json.loads(done.stdout.strip().splitlines()[-1])
    accounts_file = args.workdir / "accounts.json"
    accounts_file.write_text(json.dumps(accounts))
    args.seeded = json.loads(http_load.run_in_django(env, "existing"))["seeded_learners"]
    log(f"   {len(accounts['learners'])} learners, {len(accounts['managers'])} managers")

    with contextlib.ExitStack() as servers:
        servers.enter_context(task_worker(env, args.workdir / "worker.log"))
        ports = [
            servers.enter_context(http_load.gunicorn(env, args.workdir / f"gunicorn-{n}.log"))[1]
            for n in (1, 2)
        ]
        hosts = [f"http://{http_load.HOST}:{port}" for port in ports]
        log(f"== two app servers: {' '.join(hosts)}")
        load_before = http_load.load_average()
        log(f"== bare view: 4 users, {args.bare_duration} s")
        bare, bare_failures = run_locust(
            hosts,
            accounts_file,
            ["BareView"],
            4,
            4,
            args.bare_duration,
            args.workdir / "bare",
            args.workdir / "locust-bare.log",
        )
        log(f"== organisation: {args.users} users, {args.duration} s")
        mixed, failures = run_locust(
            hosts,
            accounts_file,
            ["Learner"] if args.learners_only else ["Learner", "Manager"],
            args.users,
            args.spawn_rate,
            args.duration,
            args.workdir / "organisation",
            args.workdir / "locust-org.log",
        )
        load_after = http_load.load_average()
    print_report(args, bare, mixed, bare_failures + failures, load_before, load_after)


if __name__ == "__main__":
    main()
