"""
Production: every secret and address comes from the environment.

Required: ``SECRET_KEY``. Read when present: ``ALLOWED_HOSTS`` (comma separated), ``DATABASE_URL``,
``DATABASE_REPLICA_URL`` (reports read there), ``REDIS_URL``, ``EMAIL_HOST`` / ``EMAIL_PORT`` /
``EMAIL_HOST_USER`` / ``EMAIL_HOST_PASSWORD`` / ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``,
``MEDIA_ROOT`` or ``AWS_STORAGE_BUCKET_NAME`` and the other S3 variables
(:mod:`elearning.settings.storage`), ``WAGTAILADMIN_BASE_URL``,
``SECURE_SSL_REDIRECT``, ``TRUST_X_FORWARDED_PROTO``, ``TRUST_X_FORWARDED_FOR``,
``SECURE_HSTS_*`` and ``REQUIRE_2FA_FOR_STAFF``. The README lists them with examples.
With them set, ``manage.py check --deploy`` reports no issues; without ``REDIS_URL`` every check
fails (``elearning.E002``: rate limits would be counted per worker).
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from elearning.settings import redis_caches as redis_settings
from elearning.settings import replica as replica_settings
from elearning.settings import storage as storage_settings
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

# Redis is a performance aid, never a point of failure (elearning/settings/redis_caches.py): an
# error is logged and read as a miss, rate limits count in the database meanwhile, and sessions
# and freshness stamps stay in the database.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = redis_settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS
DJANGO_REDIS_LOGGER = redis_settings.DJANGO_REDIS_LOGGER
if os.environ.get("REDIS_URL"):
    CACHES = redis_settings.redis_caches(
        os.environ["REDIS_URL"], timeout=float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    )
    globals().update(redis_settings.REDIS_CACHE_ALIASES)

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

# --- Uploads: local disk, or an S3-compatible bucket (elearning/settings/storage.py) ---
_media_storage, _media_origins = storage_settings.media_storage(
    os.environ,
    page_cache_seconds=LEARNER_PAGE_CACHE_SECONDS,  # noqa: F405
)
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CSP_MEDIA_ORIGINS = [*globals().get("CSP_MEDIA_ORIGINS", []), *_media_origins]

# --- Reports on a read replica (elearning/settings/replica.py, elearning/db_routers.py) ---
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES = replica_settings.with_replica(
        DATABASES,  # noqa: F405
        os.environ["DATABASE_REPLICA_URL"],
    )
    DATABASE_ROUTERS = replica_settings.DATABASE_ROUTERS

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

# --- Task worker and operability (issue 23; README "Deployment") ---------------------------
# Email, PDFs and exports wait in the database for `manage.py db_worker` (elearning/task_queue.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", str(TASK_MAX_ATTEMPTS)))  # noqa: F405
TASK_RETRY_DELAY_SECONDS = int(
    os.environ.get("TASK_RETRY_DELAY_SECONDS", str(TASK_RETRY_DELAY_SECONDS))  # noqa: F405
)
HEALTHZ_MAX_QUEUE_AGE_SECONDS = int(
    os.environ.get("HEALTHZ_MAX_QUEUE_AGE_SECONDS", str(HEALTHZ_MAX_QUEUE_AGE_SECONDS))  # noqa: F405
)
SLOW_QUERY_MS = int(os.environ.get("SLOW_QUERY_MS", str(SLOW_QUERY_MS)))  # noqa: F405
EXPORT_RETENTION_DAYS = int(
    os.environ.get("EXPORT_RETENTION_DAYS", str(EXPORT_RETENTION_DAYS))  # noqa: F405
)

# One JSON object per line on standard error, each with the request id (elearning/observability.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "elearning.observability.RequestIdFilter"}},
    "formatters": {"json": {"()": "elearning.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The request line of each request is ours (elearning.request); Django's would repeat it.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}
# --- end task worker and operability -------------------------------------------------------
