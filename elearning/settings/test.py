"""
Tests: fast and predictable.

MD5 hashing, local-memory cache and email, plain static storage and immediate tasks. The database
is SQLite unless ``DATABASE_URL`` names another (``make test`` runs the suite on PostgreSQL too).
"""

import os

import dj_database_url

from elearning.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A second connection to the same test database, as production's read replica would be
# (elearning/settings/replica.py). No router here: tests/elearning/test_replica_router.py installs
# it and checks which connection each report query ran on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
