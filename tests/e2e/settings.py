"""
Settings for the site that the browser tests start: the test settings, on a SQLite file.

``tests/e2e/site.py`` runs ``manage.py runserver`` with these settings in a subprocess. The
database file and the media folder are temporary ones named by the environment, so a run never
touches ``db.sqlite3`` or ``media/`` in the repository; absolute URLs name the test server.
"""

import os

from elearning.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["E2E_DATABASE_PATH"],
        # Several browser requests may reach the threaded server at once.
        "OPTIONS": {"timeout": 20},
    }
}
MEDIA_ROOT = os.environ["E2E_MEDIA_ROOT"]
# Absolute links (the QR code on a certificate, emails) point at the running test site.
WAGTAILADMIN_BASE_URL = os.environ.get("E2E_BASE_URL") or WAGTAILADMIN_BASE_URL  # noqa: F405
