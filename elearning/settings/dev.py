"""Local development: SQLite, console email, immediate tasks, demo accounts allowed."""

import os

from elearning.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ELEARNING_ALLOW_DEMO_USERS = True
WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
# Serve static files straight from the app folders; no collectstatic needed locally.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# --- Task worker (issue 23) ----------------------------------------------------------------
# Tasks run at once unless TASKS_BACKEND=database: then they wait in the database for
# `make worker` (in a second terminal), as in production.
if os.environ.get("TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
