"""
Production: every secret and address comes from the environment.

Required: ``SECRET_KEY``. Read when present: ``ALLOWED_HOSTS`` (comma separated), ``DATABASE_URL``,
``REDIS_URL``, ``EMAIL_HOST`` / ``EMAIL_PORT`` / ``EMAIL_HOST_USER`` / ``EMAIL_HOST_PASSWORD`` /
``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``, ``MEDIA_ROOT``, ``WAGTAILADMIN_BASE_URL``,
``SECURE_SSL_REDIRECT``, ``TRUST_X_FORWARDED_PROTO``, ``TRUST_X_FORWARDED_FOR``,
``SECURE_HSTS_*`` and ``REQUIRE_2FA_FOR_STAFF``. The README lists them with examples.
With them set, ``manage.py check --deploy`` reports no issues; without ``REDIS_URL`` every check
fails (``elearning.E002``: rate limits would be counted per worker).
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from elearning.settings.base import *  # noqa: F403


def env_flag(name, default):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment for production settings "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # noqa: F405

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        },
        # In front of Redis for learner page copies: the latest few hundred in each worker.
        "learner_pages_local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "learner-pages",
            "OPTIONS": {"MAX_ENTRIES": 300},
        },
    }
    LEARNER_PAGE_CACHE_LOCAL_ALIAS = "learner_pages_local"
    # Freshness stamps kept in Redis too: a page served again from its copy reads no table.
    FRESHNESS_STAMP_CACHE_ALIAS = "default"
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL

if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
)

# HTTPS everywhere. Behind a reverse proxy that terminates TLS, set TRUST_X_FORWARDED_PROTO=1.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
if env_flag("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Behind a reverse proxy that appends the client address to X-Forwarded-For, set
# TRUST_X_FORWARDED_FOR=true so sign-in rate limits count per client, not per proxy.
TRUST_X_FORWARDED_FOR = env_flag("TRUST_X_FORWARDED_FOR", False)
REQUIRE_2FA_FOR_STAFF = env_flag("REQUIRE_2FA_FOR_STAFF", True)
# Throttles must hold across workers and servers: `manage.py check` fails otherwise
# (elearning/checks.py). Sign-in failures are counted in the database; the other rate limits
# need REDIS_URL.
THROTTLES_MUST_BE_SHARED = True
ELEARNING_ALLOW_DEMO_USERS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.security": {"handlers": ["console"], "level": "WARNING"}},
}
