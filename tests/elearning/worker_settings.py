"""Settings of the processes that ``test_worker_process.py`` starts: the test settings, with the
database queue, the database named in ``DATABASE_URL`` and emails written as files into
``WORKER_TEST_EMAIL_DIR`` (a memory outbox is not visible from another process); files such as
the certificate PDFs the worker draws go to ``WORKER_TEST_MEDIA_DIR``."""

import os

from elearning.settings.test import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["WORKER_TEST_EMAIL_DIR"]
MEDIA_ROOT = os.environ["WORKER_TEST_MEDIA_DIR"]
