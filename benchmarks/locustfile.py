"""
A whole organisation under load: learners and training managers, for locust (headless).

Run by ``benchmarks/organisation_load.py``, which prepares the accounts and writes their names,
the shared password and each learner's modules to the JSON file named by ``BENCH_ORG_ACCOUNTS``.
``BENCH_ORG_HOSTS`` lists the app servers (space separated): each simulated user is given the
next one in turn, so the load is split evenly between them, as a load balancer would.

* ``Learner`` (weight 19, ~95 %): signs in with a seeded learner account, then reads the
  catalogue, a module page and its lessons (the first view of a page is named apart from a
  return visit, since a return visit may come from the learner page cache), marks lessons
  complete, takes a step of a scenario practised in a lesson, takes a quiz from start to result
  (start, each answer saved, submit, result) and downloads a certificate PDF when they have one
  (a PDF not drawn yet answers 202: the learner comes back after Retry-After, as the page's
  refresh would, and the wait until the worker has drawn it is a row of its own).
* ``Manager`` (weight 1, ~5 %): signs in as a training manager and opens the compliance report
  and its CSV export.
* ``BareView``: the floor, ``/bench/baseline/`` (a bare Django view), run on its own first.

Every request is checked: an answer other than the expected status, or a page without what it
should show (a sign-in form instead of the page, no quiz form...), is a failure in the stats.
"""

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser

import gevent
from locust import HttpUser, between, constant, task

HOSTS = itertools.cycle(os.environ.get("BENCH_ORG_HOSTS", "http://127.0.0.1:8000").split())
_accounts_file = os.environ.get("BENCH_ORG_ACCOUNTS")
ACCOUNTS = json.loads(open(_accounts_file).read()) if _accounts_file else {}  # noqa: SIM115
_learner_queue = itertools.cycle(ACCOUNTS.get("learners", []))
_manager_queue = itertools.cycle(ACCOUNTS.get("managers", []))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PDF_LINK = re.compile(r'href="(/certificates/[^"/]+/pdf/)"')
#: How many times a learner comes back for a PDF the worker is drawing (each after Retry-After).
MAX_PDF_RETRIES = 12


class Forms(HTMLParser):
    """The page's forms: action, and the fields a person would send (first choice of each)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.select, self.options, self.selects = None, [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "buttons": []})
        elif not self.forms:
            return
        elif tag == "input":
            fields, name = self.forms[-1]["fields"], a.get("name")
            kind = a.get("type", "text")
            if not name or kind == "submit":
                return
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, a.get("value", "on"))  # the first option
            else:
                fields[name] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self.forms[-1]["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = "I would tell my safeguarding lead at once."
        elif tag == "select" and a.get("name"):
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select and a.get("value"):
            self.options.append(a["value"])

    def handle_endtag(self, tag):
        # The k-th list on the form takes its k-th option: distinct positions for an ordering,
        # distinct answers for a matching question.
        if tag == "select" and self.select and self.options:
            fields = self.forms[-1]["fields"]
            index = sum(1 for name in fields if name in self.selects)
            fields[self.select] = self.options[index % len(self.options)]
            self.selects.add(self.select)
        if tag == "select":
            self.select = None


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


class RoundRobinUser(HttpUser):
    """A user on the next app server in turn."""

    abstract = True

    def __init__(self, environment):
        self.host = next(HOSTS)
        super().__init__(environment)

    def insecure_cookies(self):
        """Send the Secure cookies back over plain HTTP: the servers are on loopback, no TLS."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path, name, *, expect=200, contains=None):
        self.insecure_cookies()
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
            elif contains and contains not in response.text:
                response.failure(f"the page lacks {contains!r}")
            return response

    def post(self, path, data, name, *, expect=302):
        self.insecure_cookies()
        with self.client.post(
            path,
            data=data,
            name=name,
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.host + path},
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
            return response

    def sign_in(self, username):
        page = self.get("/accounts/login/", "sign-in page", contains="csrfmiddlewaretoken")
        match = CSRF.search(page.text)
        data = {
            "csrfmiddlewaretoken": match.group(1) if match else "",
            "username": username,
            "password": ACCOUNTS["password"],
        }
        self.post("/accounts/login/", data, "sign in (POST)")

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")


class Learner(RoundRobinUser):
    weight = 19
    wait_time = between(1, 4)

    def on_start(self):
        self.account = next(_learner_queue)
        self.seen = set()
        self.sign_in(self.account["username"])

    def view(self, path, kind, contains="<main"):
        name = f"{kind} (first view)" if path not in self.seen else kind
        self.seen.add(path)
        return self.get(path, name, contains=contains)

    def module(self):
        return random.choice(self.account["modules"])

    @task(3)
    def catalogue(self):
        self.view(ACCOUNTS["catalogue"], "catalogue")

    @task(3)
    def my_training(self):
        self.view("/my-training/", "my training")

    @task(3)
    def module_page(self):
        self.view(self.module()["url"], "module page")

    @task(8)
    def read_lesson(self):
        module = self.module()
        if not module["lessons"]:
            return
        lesson = random.choice(module["lessons"])
        page = self.view(lesson, "lesson")
        if random.random() < 0.4:
            self.post(
                lesson,
                {"csrfmiddlewaretoken": self.csrf(), "action": "complete"},
                "lesson complete (POST)",
            )
        elif 'value="practice"' in page.text:
            self.practise(lesson, page.text)

    def practise(self, lesson, html):
        form = next((f for f in forms_of(html) if f["fields"].get("action") == "practice"), None)
        if form is None:
            return
        self.post(lesson, form["fields"], "scenario practice step (POST)")
        self.get(lesson, "lesson after practice step", contains='name="scenario"')

    @task(2)
    def take_quiz(self):
        quizzes = [m["quiz"] for m in self.account["modules"] if m["quiz"]]
        if not quizzes:
            return
        quiz = random.choice(quizzes)
        page = self.get(quiz, "quiz page", contains="<main")
        if "start/" not in page.text:
            return  # not open to this learner yet (lessons to finish, or a wait after a fail)
        started = self.post(
            quiz + "start/", {"csrfmiddlewaretoken": self.csrf()}, "quiz start (POST)"
        )
        where = started.headers.get("Location", "")
        for _step in range(40):  # bounded: a quiz has a handful of questions and stages
            if not where or where.endswith("/result/"):
                break
            if where.endswith("/review/"):
                page = self.get(where, "quiz review", contains="csrfmiddlewaretoken")
                form = next(
                    (f for f in forms_of(page.text) if "csrfmiddlewaretoken" in f["fields"]), None
                )
                fields = form["fields"] if form else {}
                # Named apart when the learner left questions unanswered (and confirms it).
                kind = (
                    "quiz submit, some unanswered"
                    if "confirm_unanswered" in fields
                    else "quiz submit"
                )
                submitted = self.post(where, fields, f"{kind} (POST)")
                where = submitted.headers.get("Location", "")
                continue
            page = self.get(where, "quiz question", contains='name="saved_version"')
            form = next((f for f in forms_of(page.text) if "saved_version" in f["fields"]), None)
            if form is None:
                break
            actions = [value for name, value in form["buttons"] if name == "action"]
            data = {**form["fields"], "action": "next" if "next" in actions else "review"}
            saved = self.post(where, data, "quiz answer save (POST)")
            where = saved.headers.get("Location", "")
        if where.endswith("/result/"):
            self.get(where, "quiz result", contains="<main")

    @task(1)
    def certificate(self):
        page = self.get("/certificates/", "my certificates", contains="<main")
        links = PDF_LINK.findall(page.text or "")
        if links:
            self.insecure_cookies()
            link = random.choice(links)
            with self.client.get(link, name="certificate PDF", catch_response=True) as response:
                if response.status_code == 202:
                    # Not drawn yet (a seeded certificate never was): the worker is asked to draw
                    # it, and the page brings the browser back after Retry-After, as here.
                    response.success()
                    preparing = True
                elif response.status_code != 200 or not response.content.startswith(b"%PDF"):
                    response.failure(f"HTTP {response.status_code}, not a PDF")
                    preparing = False
                else:
                    preparing = False
            if preparing:
                self.wait_for_the_worker(link, response)

    def wait_for_the_worker(self, link, response):
        """Come back after each Retry-After until the PDF is there (at most two minutes).

        The wait, from the first 202 to the PDF, is recorded as its own row.
        """
        started = time.monotonic()
        problem = RuntimeError(f"not drawn after {MAX_PDF_RETRIES} visits")
        for _attempt in range(MAX_PDF_RETRIES):
            gevent.sleep(int(response.headers.get("Retry-After") or 10))
            with self.client.get(
                link, name="certificate PDF (coming back)", catch_response=True
            ) as response:
                if response.status_code == 202:
                    response.success()
                    continue
                if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                    response.failure(f"HTTP {response.status_code}, not a PDF")
                    return
            problem = None
            break
        self.environment.events.request.fire(
            request_type="WAIT",
            name="certificate PDF drawn by the worker (first 202 to PDF)",
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=problem,
            context={},
        )


class Manager(RoundRobinUser):
    weight = 1
    wait_time = between(2, 6)
    report = "/admin/training-reports/compliance/"

    def on_start(self):
        self.sign_in(next(_manager_queue))

    @task(3)
    def compliance(self):
        self.get(self.report, "compliance report (manager)", contains="<table")

    @task(1)
    def export(self):
        self.insecure_cookies()
        with self.client.get(
            self.report + "?export=csv",
            name="compliance CSV export (manager)",
            catch_response=True,
        ) as response:
            # The export is built by the worker: the request ends on its status page (or on the
            # file itself where tasks run at once).
            is_csv = "csv" in response.headers.get("Content-Type", "")
            is_status = "/admin/exports/" in response.url
            if response.status_code != 200 or not (is_csv or is_status):
                response.failure(f"HTTP {response.status_code}, neither a CSV nor its status page")


class BareView(RoundRobinUser):
    """The floor: a bare Django view from the same servers, no database, asked back to back."""

    wait_time = constant(0)

    @task
    def bare(self):
        self.get("/bench/baseline/", "bare Django view (baseline)")
