"""
Load-test the site over HTTP: gunicorn with 2 workers, on SQLite and then on PostgreSQL + Redis.

    make bench
    .venv/bin/python benchmarks/http_load.py [--learners 2000] [--duration 10] [--connections 2]
        [--soak 60 --soak-connections 50] [--backend sqlite --backend postgres] [--fresh]

For each backend it prepares a database (a SQLite file in ``--workdir``; a PostgreSQL database
``elearning_bench_http``, created if missing): ``migrate``, ``load_training_content``,
``seed_load_data`` (only the learners still missing, so a second run reuses them) and
``collectstatic``. Then it makes the benchmark's own accounts: a volunteer with a quiz attempt in
progress (one question answered, a scenario question half-way through) and a training manager.
It starts ``gunicorn --workers 2`` with ``benchmarks.settings`` (production settings, DEBUG off,
plus the bare view and a lifted certificate-lookup rate limit; the PostgreSQL run also has the
Redis cache and cached sessions), signs in through the real sign-in form, and drives each page
with ``wrk`` (Debian's C load generator) for ``--duration`` seconds at ``--connections``
connections. Then ``--soak`` seconds at ``--soak-connections`` connections through a mix of the
learner pages (the "no errors under 50 users" check), each worker's memory from ``/proc``, and
finally ``benchmarks/certificate_pdf.py`` with a small batch for the certificate PDF times.

How to read the table
---------------------
* ``req/s``: requests per second the two workers answered; ``p50``/``p95``: median and
  95th-percentile latency seen by wrk; ``errors``: responses other than 2xx/3xx, plus socket
  errors and timeouts (must be 0).
* ``vs bare``: the page's req/s as a share of ``/bench/baseline/``, a bare Django view returning a
  small template from the same server in the same run (measured first and again last; the
  faster of the two is the floor). It cancels out most of the machine's speed and load, so it
  is the figure to compare between runs. Target: 40 % or more for every
  learner page, with a median under 25 ms (``target`` column). The compliance report is a
  training manager's admin page: shown for information, no target.
* ``--connections`` defaults to 2, one request in flight per worker: the median is then the time
  a worker takes to answer, not time spent queueing behind other requests (with N connections
  on 2 sync workers the median grows to about N / req/s). The soak uses 50.
* What is measured for the quiz: ``quiz answer save`` POSTs the same answer again to a question of
  the attempt in progress (no ``saved_version``, so every save is accepted; it redirects to the
  next question, 302). Submitting (grading) an attempt can happen only once per attempt, so it is
  not in the loop. ``scenario stage`` is the quiz question page of a scenario in progress,
  showing its second stage (GET); posting a stage moves the scenario on, so it cannot be
  repeated either.
* Learner pages are measured twice. The plain rows ask for the same page again and again with
  nothing changed in between, so after the first request the learner page cache
  (``elearning/page_cache.py``) answers from its copy: what a learner gets when they come back
  to a page. The ``first view`` rows add a query string that no page reads and that is new on
  every request, so the cache never has a copy and every page is built again: what a learner
  gets on a page's first view, or the first after their own records changed (a lesson
  completed, an answer saved). What the page shows of content alone comes from the content
  memo (``elearning/content_memo.py``), read once per content version and worker; after a
  trainer publishes, each worker's next page reads it again (about 10 queries more, once).
  Both rows are shown against the target.
* The machine's load average is printed: on a shared machine the absolute numbers are noisy,
  the ratios much less so.

Never point it at a real site's database: it adds made-up learners.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reports import create_postgres_database, redact  # noqa: E402

DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "protect-http-bench"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/elearning_bench_http"
REDIS_URL = "redis://127.0.0.1:6379/7"
HOST = "127.0.0.1"
TARGET_SHARE = 0.40
TARGET_MEDIAN_MS = 25.0
WORKERS = 2

# wrk's Lua hooks: the method, body and headers come from the environment, the soak rotates
# through BENCH_PATHS (space separated; a path starting "POST:" is posted with BENCH_BODY), and
# done() prints one JSON line with the figures, since wrk's own --latency has no 95th percentile.
WRK_SCRIPT = r"""
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(paths, p) end
local body = os.getenv("BENCH_BODY") or ""
local cookie = os.getenv("BENCH_COOKIE") or ""
local cold = os.getenv("BENCH_COLD") == "1"
local index = 0
local views = 0
local threads_made = 0

setup = function(thread)
  threads_made = threads_made + 1
  thread:set("tid", threads_made)
end

init = function(args)
  index = math.random(#paths) - 1
end

request = function()
  index = index % #paths + 1
  local path = paths[index]
  if cold then
    -- A query string no page reads, new on every request: the learner page cache never has a
    -- copy, so the page is built from scratch (a first view, or the first after a change).
    views = views + 1
    path = path .. "?view=" .. tostring(tid) .. "-" .. tostring(views)
  end
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if string.sub(path, 1, 5) == "POST:" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", string.sub(path, 6), headers, body)
  end
  return wrk.format("GET", path, headers, nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Page:
    """One row of the table: what a user asks for, and what a correct answer looks like."""

    name: str
    path: str
    cookie: str = ""
    post_body: str = ""
    expect_status: int = 200
    learner: bool = True
    #: Built from scratch on every request (no copy in the learner page cache), see WRK_SCRIPT.
    cold: bool = False


@dataclass
class Result:
    page: Page
    rps: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    status_errors: int
    socket_errors: int
    requests: int

    @property
    def errors(self):
        return self.status_errors + self.socket_errors


@dataclass
class BackendRun:
    label: str
    learners: int
    results: list = field(default_factory=list)
    soak: Result | None = None
    baseline_again: Result | None = None
    memory: list = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""
    server_log: Path | None = None


# Preparing a database ---------------------------------------------------------------------------


def backend_environment(backend, workdir, secret_key):
    """The environment gunicorn and manage.py run with, for ``backend``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_2FA_FOR_STAFF": "false",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    if backend == "postgres":
        env["DATABASE_URL"] = POSTGRES_URL
        env["REDIS_URL"] = REDIS_URL
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    return env


def manage(env, *arguments):
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(arguments)} failed (exit {done.returncode}).")
    return done.stdout


def prepare_database(backend, env, learners, log):
    """Migrate, load the training content, seed learners and collect static files."""
    if backend == "postgres":
        create_postgres_database(POSTGRES_URL)
        clear_redis(REDIS_URL)
    began = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    fixtures = json.loads(run_in_django(env, "existing"))
    if not fixtures["has_content"]:
        manage(env, "load_training_content", "-v0")
    missing = learners - fixtures["seeded_learners"]
    if missing > 0:
        log(f"   seeding {missing} learners (seed_load_data) ...")
        manage(env, "seed_load_data", f"--learners={missing}", "--i-know-this-is-not-production")
    manage(env, "collectstatic", "--noinput", "-v0")
    log(f"   database ready in {time.monotonic() - began:.0f} s")


def clear_redis(url):
    """Empty the benchmark's own Redis database: no copy or stamp outlives an earlier run."""
    import redis

    redis.Redis.from_url(url).flushdb()


def run_in_django(env, what, extra_env=None):
    """Run this file's ``--django`` helper in a process with ``env`` (one settings per process)."""
    command = [sys.executable, __file__, "--django", what]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"Preparing the benchmark's data ({what}) failed.")
    return done.stdout.strip().splitlines()[-1]


# Inside Django (a subprocess): report what exists, make the benchmark's accounts -----------------


def django_existing():
    from django.contrib.auth import get_user_model

    from modules.models import TrainingModulePage
    from reports.load_data import USERNAME_PREFIX

    return {
        "has_content": TrainingModulePage.objects.live().exists(),
        "seeded_learners": get_user_model()
        .objects.filter(username__startswith=USERNAME_PREFIX)
        .count(),
    }


def django_make_accounts():
    """A volunteer half-way through a quiz, a training manager, and a certificate to look up.

    Returns the paths and form data the load generator needs. Safe to run again: it resumes the
    volunteer's attempt in progress (or starts one) and resets the two passwords.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from certificates.models import Certificate
    from learners.roles import Role, groups_for_role
    from modules import services as module_services
    from modules.models import QuizPage, TrainingCatalogPage, TrainingModulePage
    from quizzes import services as quiz_services
    from quizzes.models import ScenarioQuestion

    password = os.environ["BENCH_PASSWORD"]
    User = get_user_model()

    def account(username, role):
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": role.label, "email": f"{username}@x.org"},
        )
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups_for_role(role)))
        return user

    volunteer = account("bench-volunteer", Role.VOLUNTEER)
    account("bench-manager", Role.TRAINING_MANAGER)

    catalogue = TrainingCatalogPage.objects.live().first()
    quiz = QuizPage.objects.live().order_by("path").first()  # the first module's quiz
    module = TrainingModulePage.objects.ancestor_of(quiz).live().get()
    lessons = list(module.lessons())
    for lesson in lessons:
        module_services.mark_lesson_complete(user=volunteer, lesson=lesson)
    enrolment = module_services.start_module(user=volunteer, module=module)
    attempt, _created = quiz_services.start_attempt(
        user=volunteer, definition=quiz.definition(), cycle=enrolment.cycle
    )

    answer_number, answer_data, scenario_number = None, None, None
    for position, snapshot in enumerate(attempt.questions):
        model = quiz_services.question_class(snapshot)
        if issubclass(model, ScenarioQuestion):
            if scenario_number is None:
                scenario_number = position + 1
                _start_scenario(attempt, position, snapshot, model)
        elif answer_data is None:
            answer_data = _first_answer(model.response_form(snapshot))
            if answer_data is not None:
                answer_number = position + 1
    if answer_data is None or scenario_number is None:
        raise SystemExit("The quiz drew no choice question or no scenario: cannot benchmark it.")
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    if certificate is None:
        raise SystemExit("The seeded data has no certificate to verify.")
    return {
        "password": password,
        "catalogue": catalogue.url,
        "module": module.url,
        "lesson": lessons[len(lessons) // 2].url,
        "answer": quiz.attempt_url(attempt, answer_number),
        "answer_data": answer_data,
        "scenario": quiz.attempt_url(attempt, scenario_number),
        "verify": f"/certificates/verify/{certificate.short_code}/",
    }


def _first_answer(form):
    """Form data choosing the first option of every choice field, or None for other questions."""
    from django import forms

    data = {}
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.MultipleChoiceField):
            data[name] = [form_field.choices[0][0]]
        elif isinstance(form_field, forms.ChoiceField):
            data[name] = form_field.choices[0][0]
        elif form_field.required:
            return None
    return data or None


def _start_scenario(attempt, position, snapshot, model):
    """Take the scenario's first stage, so its page shows the second (a scenario in progress)."""
    from quizzes import services as quiz_services
    from quizzes.models import QuestionResponse
    from quizzes.scenario_paths import current_stage
    from quizzes.tokens import shown_value

    if QuestionResponse.objects.filter(attempt=attempt, position=position).exists():
        return
    stage = current_stage(snapshot, {})
    # The form names stages and options by their shown values, never by their keys.
    data = {"stage": shown_value(stage)}
    if stage["kind"] != "spot_signs":
        safe = [o for o in stage["options"] if not o.get("critical") and o.get("next")]
        data["option"] = shown_value((safe or stage["options"])[0])
    form = model.response_form(snapshot, data, response={})
    if not form.is_valid():
        raise SystemExit(f"Could not take the scenario's first stage: {form.errors.as_text()}")
    quiz_services.save_response(attempt=attempt, position=position, response=form.response())


def django_main(what):
    import django

    django.setup()
    result = django_existing() if what == "existing" else django_make_accounts()
    print(json.dumps(result))


# The server ------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, log_path):
    """Run gunicorn (its own process group) until the block ends, however it ends."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "elearning.wsgi:application",
        f"--workers={WORKERS}",
        f"--bind={HOST}:{port}",
        "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--log-level=warning",
    ]
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file, start_new_session=True
        )
    try:
        wait_until_up(port, server, log_path)
        yield server, port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_until_up(port, server, log_path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            status, _headers, _body = request(port, "GET", "/healthz")
            if status == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log_path}")


def worker_memory(master_pid):
    """[(pid, RSS MB, peak RSS MB)] of the gunicorn master's children, from /proc."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() != str(master_pid):
            continue
        kilobytes = {key: int(fields[key].split()[0]) for key in ("VmRSS", "VmHWM")}
        workers.append((int(entry.name), kilobytes["VmRSS"] / 1024, kilobytes["VmHWM"] / 1024))
    return sorted(workers)


# HTTP: signing in, checking answers ------------------------------------------------------------


def request(port, method, path, *, headers=None, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers):
    """name -> value from Set-Cookie headers (the Secure flag is ignored: this is plain HTTP)."""
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _sep, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def sign_in(port, username, password):
    """Sign in through /accounts/login/ like a browser; return the Cookie header to send."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    cookies = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"The sign-in page did not offer a form (HTTP {status}).")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password}
    )
    status, headers, _body = request(
        port,
        "POST",
        "/accounts/login/",
        headers={
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=form,
    )
    cookies.update(cookies_from(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Signing in as {username} failed (HTTP {status}).")
    return cookies


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def check_page(port, page):
    """Ask once and insist on the expected answer, so no row measures an error page."""
    headers = {"Cookie": page.cookie} if page.cookie else {}
    method, body = ("POST", page.post_body) if page.post_body else ("GET", None)
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, response_headers, _body = request(port, method, page.path, headers=headers, body=body)
    location = {k.lower(): v for k, v in response_headers}.get("location", "")
    if status != page.expect_status or (page.post_body and location.rstrip("/") == page.path):
        raise SystemExit(
            f"{page.name}: {method} {page.path} answered {status} {location}, "
            f"expected {page.expect_status}."
        )


def pages_for(port, accounts):
    password = accounts["password"]
    volunteer_cookies = sign_in(port, "bench-volunteer", password)
    volunteer = cookie_header(volunteer_cookies)
    manager = cookie_header(sign_in(port, "bench-manager", password))
    answer = {"csrfmiddlewaretoken": volunteer_cookies["csrftoken"], **accounts["answer_data"]}
    answer["action"] = "next"
    return [
        Page("bare Django view (baseline)", "/bench/baseline/", learner=False),
        Page("catalogue", accounts["catalogue"], volunteer),
        Page("module page", accounts["module"], volunteer),
        Page("lesson page", accounts["lesson"], volunteer),
        Page("my training (dashboard)", "/my-training/", volunteer),
        Page(
            "quiz answer save (POST)",
            accounts["answer"],
            volunteer,
            post_body=urllib.parse.urlencode(answer, doseq=True),
            expect_status=302,
        ),
        Page("scenario stage (GET)", accounts["scenario"], volunteer),
        Page("catalogue, first view", accounts["catalogue"], volunteer, cold=True),
        Page("module page, first view", accounts["module"], volunteer, cold=True),
        Page("lesson page, first view", accounts["lesson"], volunteer, cold=True),
        Page("my training, first view", "/my-training/", volunteer, cold=True),
        Page("scenario stage, first view", accounts["scenario"], volunteer, cold=True),
        Page("certificate verification", accounts["verify"]),
        Page(
            "compliance report (manager)",
            "/admin/training-reports/compliance/",
            manager,
            learner=False,
        ),
    ]


# The load generator ----------------------------------------------------------------------------


def run_wrk(port, paths, *, cookie, body, duration, connections, script, cold=False):
    env = {
        **os.environ,
        "BENCH_PATHS": " ".join(paths),
        "BENCH_COOKIE": cookie,
        "BENCH_BODY": body,
        "BENCH_COLD": "1" if cold else "0",
    }
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={script}",
        f"http://{HOST}:{port}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if done.returncode or line is None:
        raise SystemExit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(line[len("BENCH ") :])


def measure(port, page, *, duration, connections, script):
    path = f"POST:{page.path}" if page.post_body else page.path
    figures = run_wrk(
        port,
        [path],
        cookie=page.cookie,
        body=page.post_body,
        duration=duration,
        connections=connections,
        script=script,
        cold=page.cold,
    )
    return to_result(page, figures)


def to_result(page, figures):
    return Result(
        page=page,
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        status_errors=figures["status_errors"],
        socket_errors=figures["socket_errors"],
        requests=figures["requests"],
    )


def soak(port, pages, *, duration, connections, script):
    """All learner pages in rotation, one volunteer session, many connections."""
    learner_pages = [p for p in pages if p.learner and not p.cold]
    paths = [f"POST:{p.path}" if p.post_body else p.path for p in learner_pages]
    body = next(p.post_body for p in learner_pages if p.post_body)
    figures = run_wrk(
        port,
        paths,
        cookie=learner_pages[0].cookie,
        body=body,
        duration=duration,
        connections=connections,
        script=script,
    )
    name = f"soak: learner pages in rotation, {connections} connections, {duration} s"
    return to_result(Page(name, "(mix)"), figures)


# One backend, start to finish ------------------------------------------------------------------


def run_backend(backend, args, workdir, script, log):
    secret_key = secrets.token_urlsafe(50)
    env = backend_environment(backend, workdir, secret_key)
    label = (
        "SQLite, local-memory cache"
        if backend == "sqlite"
        else "PostgreSQL, Redis cache and cached_db sessions"
    )
    log(f"== {label} ({redact(env['DATABASE_URL'])})")
    prepare_database(backend, env, args.learners, log)
    accounts = json.loads(
        run_in_django(env, "accounts", {"BENCH_PASSWORD": secrets.token_urlsafe(16)})
    )
    learners = json.loads(run_in_django(env, "existing"))["seeded_learners"]
    run = BackendRun(label=label, learners=learners, server_log=workdir / f"gunicorn-{backend}.log")
    with gunicorn(env, run.server_log) as (server, port):
        pages = pages_for(port, accounts)
        for page in pages:
            check_page(port, page)
            for _ in range(5):  # warm each worker's caches and connections
                check_page(port, page)
        run.load_before = load_average()
        for page in pages:
            log(f"   {page.name}: {args.duration} s at {args.connections} connections")
            run.results.append(
                measure(
                    port, page, duration=args.duration, connections=args.connections, script=script
                )
            )
        # The floor again, last: the ratios use the faster of the two runs of the bare view, so a
        # moment of load on a shared machine during the first one cannot flatter the pages.
        log(f"   {pages[0].name}, again: {args.duration} s at {args.connections} connections")
        run.baseline_again = measure(
            port, pages[0], duration=args.duration, connections=args.connections, script=script
        )
        if args.soak:
            log(f"   soak: {args.soak} s at {args.soak_connections} connections")
            run.soak = soak(
                port, pages, duration=args.soak, connections=args.soak_connections, script=script
            )
        run.load_after = load_average()
        run.memory = worker_memory(server.pid)
    return run


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# Printing --------------------------------------------------------------------------------------


def print_run(run, args):
    baseline = run.results[0].rps
    if run.baseline_again is not None:
        baseline = max(baseline, run.baseline_again.rps)
    print(
        f"\n### {run.label}: {run.learners:,} seeded learners, gunicorn {WORKERS} sync workers, "
        f"wrk {args.duration} s per page at {args.connections} connections"
    )
    print(f"Load average (1, 5, 15 min) before: {run.load_before}; after: {run.load_after}")
    if run.baseline_again is not None:
        print(
            f"Bare view first {run.results[0].rps:.0f} req/s, last "
            f"{run.baseline_again.rps:.0f} req/s: shares are of the faster ({baseline:.0f})."
        )
    print()
    header = ["page", "req/s", "p50 ms", "p95 ms", "errors", "vs bare", "target"]
    rows = [header]
    for result in run.results:
        share = result.rps / baseline if baseline else 0
        if result.page is run.results[0].page:
            verdict = "(floor)"
        elif not result.page.learner:
            verdict = "n/a (admin)"
        else:
            met = share >= TARGET_SHARE and result.p50_ms < TARGET_MEDIAN_MS
            verdict = "met" if met else "MISSED"
        rows.append(
            [
                result.page.name,
                f"{result.rps:.0f}",
                f"{result.p50_ms:.1f}",
                f"{result.p95_ms:.1f}",
                str(result.errors),
                f"{share:.0%}",
                verdict,
            ]
        )
    print_table(rows)
    for result in [*run.results, run.soak]:
        if result is not None and result.errors:
            print(
                f"\n{result.page.name}: {result.status_errors} answers other than 2xx/3xx and "
                f"{result.socket_errors} socket errors or timeouts; server log: {run.server_log}"
            )
    if run.soak:
        soak_result = run.soak
        verdict = "met" if soak_result.errors == 0 else "MISSED"
        print(
            f"\n{soak_result.page.name}: {soak_result.requests:,} requests, "
            f"{soak_result.rps:.0f} req/s, p50 {soak_result.p50_ms:.0f} ms, "
            f"p95 {soak_result.p95_ms:.0f} ms, max {soak_result.max_ms:.0f} ms, "
            f"errors {soak_result.errors} (target 0: {verdict})"
        )
    print("\nMemory per gunicorn worker after the run (target under 200 MB):")
    for pid, rss, peak in run.memory:
        verdict = "met" if peak < 200 else "MISSED"
        print(f"  worker {pid}: {rss:.0f} MB resident, peak {peak:.0f} MB ({verdict})")


def print_table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("| " + " | ".join(cells) + " |")
        if number == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def certificate_pdf_times(batch, repeat):
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "certificate_pdf.py"),
        f"--batch={batch}",
        f"--repeat={repeat}",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearning.settings.test"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        return f"benchmarks/certificate_pdf.py failed:\n{done.stderr[-2000:]}"
    return done.stdout.strip()


# Command line ----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--backend",
        action="append",
        choices=["sqlite", "postgres"],
        help="Which database(s) to run on (repeatable). Default: sqlite, then postgres.",
    )
    parser.add_argument("--learners", type=int, default=2000, help="Seeded learners (2,000).")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per page (10).")
    parser.add_argument(
        "--connections", type=int, default=2, help="Connections per page (2: one per worker)."
    )
    parser.add_argument(
        "--soak", type=int, default=60, help="Seconds of the mixed soak (60; 0 to skip)."
    )
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--pdf-batch", type=int, default=100, help="Certificates in the batch.")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument(
        "--fresh", action="store_true", help="Start from empty databases (drop the old ones)."
    )
    parser.add_argument("--django", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.django:
        django_main(args.django)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (or run `make bench`).")
    backends = args.backend or ["sqlite", "postgres"]
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        drop_databases(args.workdir, backends)
    script = args.workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)

    def log(line):
        print(line, file=sys.stderr, flush=True)

    runs = [run_backend(backend, args, args.workdir, script, log) for backend in backends]
    print(f"\n## HTTP benchmark ({os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')})")
    for run in runs:
        print_run(run, args)
    log("== certificate PDF times (benchmarks/certificate_pdf.py)")
    print("\n### Certificate PDF")
    print(certificate_pdf_times(args.pdf_batch, 10))


def drop_databases(workdir, backends):
    if "sqlite" in backends:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (workdir / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    if "postgres" in backends:
        import psycopg

        with psycopg.connect(
            POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True
        ) as admin:
            admin.execute('DROP DATABASE IF EXISTS "elearning_bench_http"')


if __name__ == "__main__":
    main()
