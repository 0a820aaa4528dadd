"""
Settings shared by every environment.

The environment modules (``dev``, ``test``, ``production``) import everything from here and change
only what differs. Nothing secret lives here: production reads its secrets from the environment.
"""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    # Our apps, bottom layer last (see DESIGN.md "Apps and layers").
    "content",
    "reports",
    # A module offered to another organisation's LMS as a SCORM package (scorm/models.py).
    "scorm",
    # Module packages between organisations (packages/format.py).
    "packages",
    # Learning records sent to the organisation's LRS by xAPI (xapi/__init__.py).
    "xapi",
    "certificates",
    "modules",
    "quizzes",
    "learners",
    "pathways",
    "elearning",
    # Wagtail
    # Content translation in the admin (trainers, or PO files for a translator): README "Languages".
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "polymorphic",
    # The task queue's table and its worker, `manage.py db_worker` (elearning/task_queue.py).
    "django_tasks_db",
    # One throttle for every door that takes a secret (elearning/throttle.py).
    "axes",
    # Two-step sign-in for admin accounts (elearning/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: every log line of a request carries its id, echoed as X-Request-ID
    # (elearning/observability.py).
    "elearning.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (learner pages strict, /admin/ relaxed).
    "elearning.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "elearning.two_factor.TwoFactorMiddleware",
    # Turns a door's failure that reached a limit into the "paused until" page (429).
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: serves a learner's unchanged page again without building it (elearning/page_cache.py).
    "elearning.page_cache.LearnerPageCacheMiddleware",
    # A learner who came from another LMS stays inside the module they launched (scorm/). After
    # the page cache, which reads the session first (with the stamps, in one trip): a copy is
    # served only to a session like the one it was built for, scope included, and a page out
    # of scope is a 403, never kept.
    "scorm.middleware.ScormScopeMiddleware",
]

ROOT_URLCONF = "elearning.urls"
WSGI_APPLICATION = "elearning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite with several workers: a write transaction takes the lock when it begins and others wait
# for it (up to 20 s) instead of failing at once with "database is locked" when two learners save
# at the same moment (seen under `make bench`). Write-ahead logging lets pages be read while a
# learner's answer is being saved, and a commit costs one flush instead of several;
# synchronous=FULL (SQLite's default) keeps every committed answer through a power cut.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# First django-axes, which refuses a locked account or address inside authenticate() whatever
# view calls it; then Django's model backend, except that on learner pages permissions come from
# the content memo instead of two queries a page (elearning/permissions.py).
AUTHENTICATION_BACKENDS = [
    "elearning.throttle.ThrottleBackend",
    "elearning.permissions.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# The admin's /admin/login/ and Wagtail's /_util/login/ redirect to the same sign-in page.
# Every door that takes a secret (password, reset, reset link, two-factor code) is throttled per
# account and per address by django-axes, in the database (elearning/throttle.py); these three
# settings are the ones to change, the AXES_* ones below follow them.
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_FAILURE_WINDOW = 15 * 60
AXES_HANDLER = "elearning.throttle.AccountOrAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "elearning.throttle.failure_limit"
AXES_COOLOFF_TIME = "elearning.throttle.window"
AXES_CLIENT_IP_CALLABLE = "elearning.throttle.client_address"
AXES_USERNAME_CALLABLE = "elearning.throttle.normalise_username"
AXES_LOCKOUT_CALLABLE = "elearning.throttle.lockout_response"
# A success clears the account's failures only (elearning.throttle.forget_account_failures).
AXES_RESET_ON_SUCCESS = False
# Failures while paused do not move the end of the pause: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# No record of every sign-in with its address: the throttle needs only recent failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "email",
    "ip_address",
    "code",
    "old_password",
    "new_password1",
    "new_password2",
]
AXES_VERBOSE = False
# Rate limits key on REMOTE_ADDR; production trusts X-Forwarded-For only behind its own proxy.
TRUST_X_FORWARDED_FOR = False
# Admin accounts (staff, trainers, managers, superusers) type a code from an authenticator app
# before the admin opens. On in production (elearning/two_factor.py).
REQUIRE_2FA_FOR_STAFF = False
OTP_TOTP_ISSUER = "PROTECT training"

# Shared computers are common in drop-ins and rest centres: a session ends when the browser
# closes, and after two weeks at most.
# Database sessions read with one plain statement (elearning/sessions.py), in production too:
# one kept in Redis could be read back stale after an outage (elearning/settings/redis_caches.py).
SESSION_ENGINE = "elearning.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

# Internationalisation: every interface string is marked for translation and Wagtail's content
# localisation is on, so adding a language later is configuration, not a data migration.
# English at /, Welsh at /cy/, Arabic (the right-to-left proof) at /ar/ (elearning/languages.py).
# Each language is named in itself: the switcher and the account page show these names as they are.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg"), ("ar", "العربية")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "elearning",
    }
}

# The learner page cache (elearning/page_cache.py): how long a copy is kept (0: off), in which
# cache, the views it looks at and the paths it never touches. RELEASE (e.g. the deployed
# commit) changes every key; by default a digest of the code's files is used.
LEARNER_PAGE_CACHE_SECONDS = 3600
LEARNER_PAGE_CACHE_ALIAS = "default"
LEARNER_PAGE_CACHE_URL_NAMES = ("wagtail_serve", "my_training")
LEARNER_PAGE_CACHE_EXCLUDED_PATHS = ("/admin/",)
# Content read once per content version (elearning/content_memo.py): at most this many answers
# per worker, on the learner pages above and on these pages that show the site's header and footer.
CONTENT_MEMO_ENTRIES = 1000
CONTENT_MEMO_URL_NAMES = (
    "certificate_list",
    "certificate_verify",
    "certificate_verify_result",
    "login",
)
RELEASE = os.environ.get("RELEASE", "")
# Freshness stamps (elearning/freshness.py) may also be kept in a cache that every worker shares;
# a token that cache failed to replace is trusted this long at most. Production keeps them in the
# database only, so that a Redis outage can never serve a stale page.
FRESHNESS_STAMP_CACHE_ALIAS = None
FRESHNESS_STAMP_CACHE_SECONDS = 60

# Background work (email, PDFs) goes through Django's task framework. Locally it runs at once;
# production queues it in the database for `manage.py db_worker` (elearning/task_queue.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# xAPI (xapi/__init__.py): statements go to the LRS at this xAPI base URL, such as
# "https://lrs.example.org/xAPI/"; empty sends nothing. Credentials are the LRS's basic auth.
XAPI_LRS_ENDPOINT = os.environ.get("XAPI_LRS_ENDPOINT", "")
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
XAPI_LRS_TIMEOUT = float(os.environ.get("XAPI_LRS_TIMEOUT", "10"))
# Tries before a statement is marked failed (send_xapi_statements --retry-failed resets them).
XAPI_MAX_ATTEMPTS = int(os.environ.get("XAPI_MAX_ATTEMPTS", "8"))
# The start of every activity id; empty: the default Wagtail site's root URL.
XAPI_ACTIVITY_BASE = os.environ.get("XAPI_ACTIVITY_BASE", "")
# --- Task worker and operability (issue 23) -------------------------------------------------
# A failed task on the database queue runs again after 30 s, 60 s, 120 s... until it has run
# TASK_MAX_ATTEMPTS times; then it waits on the admin's "Failed tasks" page (a dead letter).
TASK_MAX_ATTEMPTS = 5
TASK_RETRY_DELAY_SECONDS = 30
# /healthz answers 503 when the oldest task ready to run has waited longer than this.
HEALTHZ_MAX_QUEUE_AGE_SECONDS = 300
# SQL statements slower than this are logged (logger "elearning.sql", without parameters).
SLOW_QUERY_MS = 200
# Spreadsheet exports (elearning/exports.py) are built by the worker and kept this many days,
# then deleted with their file (manage.py purge_expired_exports, daily).
EXPORT_RETENTION_DAYS = 7
# --- end task worker and operability --------------------------------------------------------

DEFAULT_FROM_EMAIL = "PROTECT training <training@example.org>"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Large StreamField pages post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "PROTECT training"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents are private: always served through Wagtail's view, which asks modules/documents.py
# whether the reader may open a lesson that links them. Never a direct link to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# SVG can carry script: trainers upload raster images only.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Passwords are reset and changed on /accounts/ only, where the throttle counts them; the admin's
# own forms for both are off. No shared passwords on pages or collections either: a password
# without an account could not be throttled per account.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: staff e-mail hashes stay here, and the admin loads nothing from
# other sites (its Content-Security-Policy would refuse them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Learners' reflective (free-text) answers are deleted this many days after they were written
# (``manage.py purge_free_text_answers``); scores and choices are kept.
FREE_TEXT_RETENTION_DAYS = 365

# Demo accounts may be created only where this is true (dev); never in production.
ELEARNING_ALLOW_DEMO_USERS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# SCORM dispatch (scorm/tokens.py): how long a launch token opens the module and reads its
# status, in seconds. The LMS asks for a fresh one at every launch.
SCORM_LAUNCH_TOKEN_MAX_AGE = 6 * 60 * 60
