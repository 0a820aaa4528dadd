"""
A real Learning Record Store for the xAPI tests: Ralph (``ralph-malph``), started once per test
session on a free local port with its filesystem backend, and a client that reads statements back.

Statements are read back over the LRS's own HTTP API (``GET /xAPI/statements``), as any xAPI
consumer would, not from Ralph's files.
"""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import bcrypt
import pytest

LRS_USER = "protect-platform"
LRS_PASSWORD = "a-test-password-for-the-lrs"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RalphLRS:
    """The running LRS: its xAPI endpoint, and reading statements back as an LRS client would."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def _get(self, params):
        credentials = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            f"{self.endpoint}statements?{urllib.parse.urlencode(params)}",
            headers={
                "Authorization": f"Basic {credentials}",
                "X-Experience-API-Version": "1.0.3",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def statement(self, statement_id):
        """The statement the LRS holds under ``statement_id``, or None."""
        found = self._get({"statementId": str(statement_id)})
        if "statements" in found:
            return found["statements"][0] if found["statements"] else None
        return found

    def statements_for(self, agent_name, home_page):
        """Every statement about the account ``agent_name`` (one page is plenty here)."""
        agent = {"objectType": "Agent", "account": {"homePage": home_page, "name": agent_name}}
        return self._get({"agent": json.dumps(agent), "limit": 500})["statements"]


def _start(command, directory, port):
    """Start an LRS process in its own process group; wait until it answers."""
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(directory),
        "RALPH_AUTH_FILE": str(directory / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(directory / "statements"),
    }
    log = (directory / "ralph.log").open("w")
    process = subprocess.Popen(
        command,
        cwd=directory,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/__lbheartbeat__", timeout=2)
            return process, log
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                pytest.fail("Ralph LRS did not start:\n" + (directory / "ralph.log").read_text())
            time.sleep(0.2)


def _stop(process, log):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)
    log.close()


def _write_credentials(directory):
    hashed = bcrypt.hashpw(LRS_PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    auth_file = directory / "auth.json"
    auth_file.write_text(
        json.dumps(
            [
                {
                    "username": LRS_USER,
                    "hash": hashed,
                    "scopes": ["all"],
                    "agent": {
                        "objectType": "Agent",
                        "account": {"homePage": "https://lrs.test", "name": LRS_USER},
                    },
                }
            ]
        )
    )


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory):
    """Ralph's LRS app, appending to its file (see ralph_lrs.py), for the whole session."""
    directory = tmp_path_factory.mktemp("ralph")
    _write_credentials(directory)
    port = _free_port()
    script = str(Path(__file__).with_name("ralph_lrs.py"))
    process, log = _start([sys.executable, script, "127.0.0.1", str(port)], directory, port)
    yield RalphLRS(f"http://127.0.0.1:{port}/xAPI/")
    _stop(process, log)


@pytest.fixture
def ralph_runserver(tmp_path):
    """``ralph runserver --backend fs`` itself, exactly as documented (one write per file)."""
    _write_credentials(tmp_path)
    port = _free_port()
    ralph = str(Path(sys.executable).with_name("ralph"))
    command = [
        ralph,
        "runserver",
        "--backend",
        "fs",
        "--fs-default-directory-path",
        str(tmp_path / "statements"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process, log = _start(command, tmp_path, port)
    yield RalphLRS(f"http://127.0.0.1:{port}/xAPI/")
    _stop(process, log)


@pytest.fixture
def lrs(ralph_lrs, settings):
    """The platform configured to send to the Ralph LRS."""
    settings.XAPI_LRS_ENDPOINT = ralph_lrs.endpoint
    settings.XAPI_LRS_USERNAME = LRS_USER
    settings.XAPI_LRS_PASSWORD = LRS_PASSWORD
    settings.XAPI_LRS_TIMEOUT = 5
    settings.XAPI_MAX_ATTEMPTS = 3
    return ralph_lrs


@pytest.fixture
def lrs_down(settings):
    """An LRS address where nothing listens."""
    settings.XAPI_LRS_ENDPOINT = f"http://127.0.0.1:{_free_port()}/xAPI/"
    settings.XAPI_LRS_USERNAME = LRS_USER
    settings.XAPI_LRS_PASSWORD = LRS_PASSWORD
    settings.XAPI_LRS_TIMEOUT = 2
    settings.XAPI_MAX_ATTEMPTS = 3
