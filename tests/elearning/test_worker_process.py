"""The task worker as its own process: an email queued by one process arrives from the worker.

Everything runs as separate processes on a database of its own, as in production: ``migrate``,
then ``manage.py db_worker``, then ``manage.py send_test_email`` queues an email and exits, and
the test waits until the worker has written the email (Django's file email backend) into a
temporary folder. The same worker then draws a certificate PDF that another process queued
and stores it in the media folder. Once on a SQLite file, once on PostgreSQL when
``DATABASE_URL`` names one (``make test`` runs the suite a second time that way).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elearning.settings.base import BASE_DIR

pytestmark = pytest.mark.slow_subprocess

WAIT_FOR_EMAIL_SECONDS = 60
WAIT_FOR_PDF_SECONDS = 60

#: Run by ``manage.py shell``: a certificate, and its drawing queued (the worker draws it).
QUEUE_A_CERTIFICATE = """
from django.contrib.auth import get_user_model
from certificates.documents import draw_certificate_pdf
from certificates.models import Certificate
from certificates.models.certificates import new_code, new_short_code
user = get_user_model().objects.create(username="ngozi", first_name="Ngozi")
certificate = Certificate.objects.create(
    code=new_code(), short_code=new_short_code(), user=user,
    learner_name="Ngozi Okafor", module_title="General awareness",
)
print(draw_certificate_pdf.enqueue(certificate.pk).id)
"""


def run_manage(*args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


@pytest.fixture
def sqlite_file_database(tmp_path):
    yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def postgres_database():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL run only: DATABASE_URL names no PostgreSQL database here")
    import psycopg

    base, _, name = url.rpartition("/")
    database = f"{name.split('?')[0]}_worker_process"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield f"{base}/{database}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def wait_for_email(folder, address):
    deadline = time.monotonic() + WAIT_FOR_EMAIL_SECONDS
    while time.monotonic() < deadline:
        for message in Path(folder).glob("*.log"):
            text = message.read_text()
            if f"To: {address}" in text:
                return text
        time.sleep(0.2)
    return None


def wait_for_log(log, text, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log.seek(0)
        said = log.read()
        if text in said:
            return said
        time.sleep(0.2)
    log.seek(0)
    return log.read()


@pytest.mark.parametrize("database", ["sqlite_file_database", "postgres_database"])
def test_worker_process_sends_the_email_another_process_queued(database, request, tmp_path):
    database_url = request.getfixturevalue(database)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.elearning.worker_settings",
        "DATABASE_URL": database_url,
        "WORKER_TEST_EMAIL_DIR": str(outbox),
        "WORKER_TEST_MEDIA_DIR": str(media),
    }
    run_manage("migrate", "--noinput", "-v0", env=env)

    worker_log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        queued = run_manage("send_test_email", "learner@example.org", env=env, timeout=120)
        # Queued, not sent, by this process: it names the task the worker will run.
        assert queued.stdout.startswith("Queued task ")
        task_id = queued.stdout.split()[2].rstrip(":")

        email = wait_for_email(outbox, "learner@example.org")
        time.sleep(0.5)  # the worker logs the task's end just after the email is written
        worker_log.seek(0)
        said = worker_log.read()
        assert email is not None, f"No email within {WAIT_FOR_EMAIL_SECONDS} s. Worker: {said}"
        assert "test email from the task worker" in email
        assert f"Task id={task_id} path=elearning.emails.send_test_email state=SUCCESSFUL" in said
        assert worker.poll() is None  # still waiting for the next task

        # A certificate PDF queued by another process is drawn by the worker and stored.
        queued = run_manage("shell", "-c", QUEUE_A_CERTIFICATE, env=env, timeout=120)
        task_id = queued.stdout.strip().splitlines()[-1]
        done = f"Task id={task_id} path=certificates.documents.draw_certificate_pdf state="
        said = wait_for_log(worker_log, done, WAIT_FOR_PDF_SECONDS)
        assert f"{done}SUCCESSFUL" in said, f"No PDF within {WAIT_FOR_PDF_SECONDS} s: {said}"
        pdfs = list((media / "certificates" / "pdf").glob("*.pdf"))
        assert len(pdfs) == 1
        assert pdfs[0].read_bytes().startswith(b"%PDF")
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        worker_log.close()
    assert worker.returncode == 0  # SIGTERM: a graceful stop between tasks
