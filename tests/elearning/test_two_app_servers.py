"""
Stateless app servers, proven: two gunicorn servers share PostgreSQL, Redis and the bucket.

The test starts two servers on free ports with production settings
(tests/elearning/two_servers_settings.py), pointed at the test database, at Redis database
``REDIS_DB`` (emptied first) and at a bucket on moto's server, with a task worker beside them
(it draws the certificate PDF). One learner's browser then sends
each request to the other server from the one before: signing in, a lesson marked complete, a quiz
answered page by page, the certificate. Whatever one server remembers only in its own memory
shows up here as a stale page, a lost session, a refused form or a throttle that never bites.

PostgreSQL only: the SQLite test database lives in this process's memory.
"""

import http.client
import io
import os
import re
import socket
import subprocess
import sys
import time
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pypdf
import pytest
from django.conf import settings as django_settings
from django.core.files.images import ImageFile
from django.db import connection
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from certificates.models import Certificate, CertificateSettings
from learners.roles import Role
from modules.models import LessonPage
from quizzes.models import QuizAttempt
from tests.factories import UserFactory, build_module
from tests.factories.questions import build_quiz, single_choice
from tests.object_store import free_port, wait_for_port
from tests.quizzes.helpers import answer_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two server processes need a shared database; the SQLite test database is "
        "in this process's memory (run with DATABASE_URL=postgres://...)",
    ),
]

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
PASSWORD = "correct horse battery staple"  # noqa: S105
BASE_DIR = Path(django_settings.BASE_DIR)


def redis_or_skip():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            pass
    except OSError:
        pytest.skip(f"needs Redis at {REDIS_HOST}:{REDIS_PORT}")
    shared_redis().flushdb()


def shared_redis():
    import redis

    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)


def database_url():
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class ServiceProcess:
    """A process of the deployment, started with the shared environment, its output in a log."""

    def __init__(self, name, command, environment, log_dir):
        self.name = name
        self.log_path = log_dir / f"{name.replace(' ', '-')}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 (our own virtualenv's programs)
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class AppServer(ServiceProcess):
    """``gunicorn elearning.wsgi`` on a free port."""

    def __init__(self, name, environment, log_dir):
        self.port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "elearning.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "1", "--threads", "2", "--timeout", "120"]
        super().__init__(f"server {name}", command, environment, log_dir)

    def wait(self):
        wait_for_port(self.port, process=self.process, seconds=120)


class TaskWorker(ServiceProcess):
    """``manage.py db_worker`` beside the servers, as in production: it draws certificate PDFs
    (a download asked for before then is answered 202, "being prepared") and sends the mail."""

    def __init__(self, environment, log_dir):
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
        command += ["--interval", "0.2", "--no-startup-delay", "--no-reload"]
        super().__init__("worker", command, environment, log_dir)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """One learner's browser: keeps cookies (whichever server set them) and sends CSRF tokens.

    Cookies are marked Secure in production; this browser sends them over plain HTTP to the
    local servers, as a TLS-terminating proxy in front of them would.
    """

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, data=None):
        headers = {"Host": f"127.0.0.1:{server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(
                {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, doseq=True
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, data):
        return self.request(server, "POST", path, data)


def png_bytes(size, colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def servers(media_bucket, object_store, tmp_path):
    redis_or_skip()
    environment = {
        **os.environ,
        **object_store.environment(media_bucket),
        "DJANGO_SETTINGS_MODULE": "tests.elearning.two_servers_settings",
        "SECRET_KEY": "two-servers-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_2FA_FOR_STAFF": "false",
        "RELEASE": "two-servers-test",
    }
    environment.pop("DATABASE_REPLICA_URL", None)
    pair = [AppServer("a", environment, tmp_path), AppServer("b", environment, tmp_path)]
    worker = TaskWorker(environment, tmp_path)
    try:
        for server in pair:
            server.wait()
        yield pair
    finally:
        for process in (*pair, worker):
            process.stop()
            print(f"--- {process.name} ---\n{process.log_path.read_text()[-3000:]}")


@pytest.fixture
def course(catalogue, media_bucket):
    """A module of one lesson and a two-question quiz; the certificate logo in the bucket."""
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    quiz = build_quiz(
        module,
        [single_choice(), single_choice(title="Who decides?", right="The person themselves")],
    )
    logo = get_image_model().objects.create(
        title="Logo",
        collection=Collection.get_first_root_node(),
        file=ImageFile(io.BytesIO(png_bytes((300, 90), (20, 60, 160))), name="logo.png"),
    )
    certificate_settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    certificate_settings.logo = logo
    certificate_settings.save()
    learner = UserFactory(username="amira", roles=[Role.VOLUNTEER])
    learner.set_password(PASSWORD)
    learner.save()
    UserFactory(username="someone-else", roles=[Role.VOLUNTEER])
    return {"module": module, "quiz": quiz, "lesson": LessonPage.objects.child_of(module).get()}


def download_when_drawn(browser, server, path, seconds=90):
    """The PDF once the worker has drawn it: until then the server answers 202 with
    Retry-After, as a learner's browser would be told to try again shortly."""
    deadline = time.monotonic() + seconds
    while True:
        response = browser.get(server, path)
        if response.status != 202 or time.monotonic() > deadline:
            return response
        assert response.headers.get("Retry-After"), "202 without Retry-After"
        time.sleep(0.5)


def saved_version(html):
    match = re.search(r'name="saved_version" value="([^"]*)"', html)
    assert match, "the question page has no saved_version"
    return unescape(match.group(1))


def test_a_learner_journey_alternating_between_two_servers(servers, course):
    a, b = servers
    browser = Browser()

    # Sign in: the form and its CSRF cookie from A, the password posted to B.
    assert browser.get(a, "/accounts/login/").status == 200
    signed_in = browser.post(b, "/accounts/login/", {"username": "amira", "password": PASSWORD})
    assert signed_in.status == 302, signed_in.text[:1000]
    my_training = browser.get(a, "/my-training/")
    assert my_training.status == 200 and "data-signed-in" in my_training.text

    # The learner page cache and its freshness stamps: A keeps a copy of the lesson, B records
    # the lesson complete, and A must not serve its old copy.
    lesson_path = course["lesson"].url
    assert "Mark as complete" in browser.get(a, lesson_path).text
    assert "Mark as complete" in browser.get(a, lesson_path).text  # now from the cache
    assert shared_redis().dbsize() > 0, "no page copy reached the shared Redis"
    done = browser.post(b, lesson_path, {"action": "complete"})
    assert done.status == 302, done.text[:1000]
    after = browser.get(a, lesson_path).text
    assert "This lesson is complete." in after
    assert "Mark as complete" not in after

    # The quiz: started on A, each question shown by one server and answered on the other.
    quiz_path = course["quiz"].url
    started = browser.post(a, quiz_path + "start/", {})
    assert started.status == 302, started.text[:1000]
    attempt = QuizAttempt.objects.get(user__username="amira")
    for number, snapshot in enumerate(attempt.questions, start=1):
        shower, answerer = (b, a) if number % 2 else (a, b)
        page = browser.get(shower, f"{quiz_path}attempt/{attempt.uuid}/{number}/")
        assert page.status == 200, page.text[:1000]
        data = answer_data(snapshot, right=True)
        data["saved_version"] = saved_version(page.text)
        data["action"] = "next" if number < len(attempt.questions) else "review"
        answered = browser.post(answerer, f"{quiz_path}attempt/{attempt.uuid}/{number}/", data)
        assert answered.status == 302, answered.text[:1000]
    review = f"{quiz_path}attempt/{attempt.uuid}/review/"
    assert browser.get(b, review).status == 200
    submitted = browser.post(a, review, {})
    assert submitted.status == 302, submitted.text[:1000]
    result = browser.get(b, f"{quiz_path}attempt/{attempt.uuid}/result/")
    assert result.status == 200
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.passed

    # The certificate: listed by A, downloaded from B with the logo B read from the bucket.
    certificate = Certificate.objects.get(user__username="amira", revoked_at__isnull=True)
    assert certificate.code in browser.get(a, "/certificates/").text
    pdf = download_when_drawn(browser, b, f"/certificates/{certificate.code}/pdf/")
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    page = pypdf.PdfReader(io.BytesIO(pdf.body)).pages[0]
    assert (300, 90) in {(image.image.width, image.image.height) for image in page.images}

    # Signing out on A ends the session on B too.
    assert browser.post(a, "/accounts/logout/", {}).status == 302
    assert browser.get(b, "/my-training/").status == 302


def test_throttles_count_across_both_servers(servers, course):
    a, b = servers
    browser = Browser()
    browser.get(a, "/accounts/login/")
    wrong = {"username": "someone-else", "password": "not the password"}
    failures = django_settings.LOGIN_FAILURES_PER_ACCOUNT
    # Failures alternate between the servers; the one that reaches the limit (on whichever
    # server) is answered "paused", and so is every later try on either server.
    statuses = [
        browser.post((a, b)[n % 2], "/accounts/login/", wrong).status for n in range(failures)
    ]
    assert statuses == [200] * (failures - 1) + [429]
    assert browser.post(a, "/accounts/login/", wrong).status == 429
    assert browser.post(b, "/accounts/login/", wrong).status == 429

    # The certificate lookup limit (3 here) is counted in the shared Redis.
    visitor = Browser()
    statuses = [
        visitor.get((a, b)[n % 2], "/certificates/verify/ABCDE-FGHJK/").status for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
