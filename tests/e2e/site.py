"""
The site under test: a real ``manage.py runserver`` on a free local port, in a subprocess.

The default content takes a while to load, so it is loaded once per test session into a
template SQLite file (:func:`prepare_template_database`). Each test then gets its own copy of
that file and its own server (:class:`LiveSite`), so a journey that publishes a lesson or passes
a quiz never changes what the next journey sees. The test can read its copy of the database
(read-only) to check rows the journey wrote, or to look up what the quiz is marked against.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_MODULE = "tests.e2e.settings"


def _environment(database_path, media_root, base_url=""):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        E2E_DATABASE_PATH=str(database_path),
        E2E_MEDIA_ROOT=str(media_root),
        E2E_BASE_URL=base_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_template_database(folder):
    """Migrate, load the default content and add the accounts into ``folder/template.sqlite3``."""
    database_path = Path(folder) / "template.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "tests.e2e.prepare_database"],
        cwd=REPO_ROOT,
        env=_environment(database_path, Path(folder) / "media"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"Preparing the e2e database failed:\n{result.stdout}\n{result.stderr}")
    return database_path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSite:
    """One running copy of the site; ``url("/path/")`` gives an absolute address on it."""

    def __init__(self, template_database, folder):
        self.folder = Path(folder)
        self.database_path = self.folder / "site.sqlite3"
        self.media_root = self.folder / "media"
        self.log_path = self.folder / "server.log"
        shutil.copyfile(template_database, self.database_path)
        self.media_root.mkdir(exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def url(self, path="/"):
        return f"{self.base_url}{path}"

    def start(self, timeout=60):
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=REPO_ROOT,
            env=_environment(self.database_path, self.media_root, self.base_url),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The test server stopped:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if json.load(response).get("status") == "ok":
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"The test server did not answer within {timeout}s:\n{self.log()}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def query(self, sql, *params):
        """Rows from the site's database, opened read-only (the server keeps writing to it)."""
        uri = f"file:{self.database_path}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=20) as connection:
            connection.row_factory = sqlite3.Row
            return connection.execute(sql, params).fetchall()
