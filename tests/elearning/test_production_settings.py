"""Production settings: configured from the environment, and ``check --deploy`` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "elearning.settings.production",
    "SECRET_KEY": "x7!k2-production-like-secret-key-for-tests-only-0123456789abcdefg",
    "ALLOWED_HOSTS": "training.example.org",
    "DATABASE_URL": "sqlite:///" + str(PROJECT / "var" / "check-deploy.sqlite3"),
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_HOST": "smtp.example.org",
}


def manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean_env.pop("DATABASE_URL", None)
    # The browser tests allow sync database calls inside Playwright's event loop for their own
    # process; production checks must not inherit that (check --deploy warns about it).
    clean_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow_subprocess
def test_check_deploy_reports_no_issues():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow_subprocess
def test_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow_subprocess
def test_production_reads_its_configuration_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.CACHES['default']['BACKEND'], s.EMAIL_HOST,"
        " s.ELEARNING_ALLOW_DEMO_USERS, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['training.example.org']",
        "django_redis.cache.RedisCache",
        "smtp.example.org",
        "False",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


@pytest.mark.slow_subprocess
def test_demo_accounts_cannot_be_created_in_production():
    result = manage("create_demo_users", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Demo accounts are disabled" in result.stderr


@pytest.mark.slow_subprocess
def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage(
        "shell", "-c", code, env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/protect.db"}
    )
    assert result.returncode == 0, result.stderr
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "'timeout': 20" in result.stdout
