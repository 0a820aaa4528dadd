"""
A learner's pages, kept ready: the last rendering of a page is served again until it changes.

Learner pages (the catalogue, a module, a lesson, a quiz question, "My training") are built for
one learner from shared content and that learner's own records, which costs 20-odd queries and
several milliseconds of templates. A learner often sees the same page again with nothing changed
in between: back to the module page, the catalogue after a lesson, a reload on a weak signal.
:class:`LearnerPageCacheMiddleware` keeps each such rendering and serves it again while it is
still exactly what the page would show.

When a copy may be served
    The copy is keyed by everything the page depends on: the path and query string, the
    learner, their session's contents (scenario practice lives there), the language, today's
    date (statuses such as "refresher due" change with the date), the learner's CSRF secret
    (forms in the page carry a token made from it), the release of the code, and two
    freshness tokens (:mod:`elearning.freshness`): ``content``, replaced by any write to shared
    content (a trainer publishing, a manager changing a role), and ``learner:<id>``, replaced by
    any write to that learner's records. The tokens are read before anything else, and a write
    replaces its token in the same transaction, so a stored copy is never older than its key.

What is never stored or served
    Anything but a signed-in ``GET`` on the learner site (the admin is never cached); pages
    that did not opt in with :func:`allow_learner_page_cache`; responses other than 200, that
    set cookies, or that carry messages (a copy must not repeat "Lesson marked complete");
    requests with messages waiting to be shown or whose session changed while the page was
    built; a request that itself wrote to the learner's records (its own next view is fresh).

It is an in-server cache: responses still say ``Cache-Control: private, no-store`` so no
browser or proxy keeps learner pages. Settings: ``LEARNER_PAGE_CACHE_SECONDS`` (how long a copy
is kept, 0 turns the cache off), ``LEARNER_PAGE_CACHE_ALIAS`` (which cache, default
``default``: the local memory of each worker, or Redis when ``REDIS_URL`` is set) and
``RELEASE`` (changes the key after a deployment; by default a digest of the code's files).
"""

import hashlib
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from elearning import freshness

logger = logging.getLogger(__name__)


class _LearnerPage:
    """Per-request state: the learner's write context and the key of this page's copy."""

    def __init__(self, writing):
        self.writing = writing
        self.key = None


#: Response attribute a view sets to let its page be kept (see :func:`allow_learner_page_cache`).
OPT_IN = "learner_page_cache"
#: Response headers a copy keeps (the middlewares outside this one add the rest again).
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires", "Content-Language")


def allow_learner_page_cache(response):
    """Let the page cache keep ``response`` (a learner page that shows only what its key covers)."""
    setattr(response, OPT_IN, True)
    return response


def _code_release():
    """A digest of the code, templates, translations and static files this server runs."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for pattern in ("*/*.py", "*/templates/**/*.html", "*/locale/**/*.mo", "*/static/**/*.*"):
        for path in sorted(root.glob(pattern)):
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class LearnerPageCacheMiddleware:
    """Serve a learner's page from the cache while nothing it shows has changed.

    Only the views named in ``LEARNER_PAGE_CACHE_URL_NAMES`` (Wagtail's page view and "My
    training") are looked at, once their URL is resolved: every other request, the bare
    health check included, passes through without a query more.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "LEARNER_PAGE_CACHE_SECONDS", 3600)
        self.cache = caches[getattr(settings, "LEARNER_PAGE_CACHE_ALIAS", "default")]
        self.release = getattr(settings, "RELEASE", "") or _code_release()
        self.url_names = frozenset(getattr(settings, "LEARNER_PAGE_CACHE_URL_NAMES", ()))
        self.excluded = tuple(getattr(settings, "LEARNER_PAGE_CACHE_EXCLUDED_PATHS", ()))

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            state = request.__dict__.pop("_learner_page", None)
            if state is not None:
                state.writing.__exit__(None, None, None)
        if (
            state is not None
            and state.key is not None
            and self.storable(request, response, state.writing.writer)
        ):
            self._set(state.key, self.pack(response))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in self.url_names:
            return None
        if request.path.startswith(self.excluded) or not request.user.is_authenticated:
            return None
        # From here on, this learner's writes replace only their own stamp.
        writing = freshness.writing_as_learner(request.user.pk)
        writing.__enter__()
        state = _LearnerPage(writing)
        request._learner_page = state
        state.key = self.key_for(request, request.user) if self.seconds else None
        if state.key is not None:
            stored = self._get(state.key)
            if stored is not None:
                state.key = None  # served from the cache: nothing new to keep
                return self.replay(request, stored)
        return None

    # Keys ---------------------------------------------------------------------------------------

    def key_for(self, request, user):
        """The cache key of this request, or None when it must not use the cache."""
        if request.method != "GET" or self._has_messages(request):
            return None
        csrf_secret = request.META.get("CSRF_COOKIE")
        if not csrf_secret:
            return None
        tokens = freshness.read_tokens(
            connection, freshness.CONTENT, freshness.learner_scope(user.pk)
        )
        session = json.dumps(dict(request.session.items()), sort_keys=True, default=str)
        parts = [
            self.release,
            request.get_host(),
            request.get_full_path(),
            str(user.pk),
            getattr(request, "LANGUAGE_CODE", ""),
            timezone.localdate().isoformat(),
            csrf_secret,
            session,
            *tokens,
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return f"learner-page:{user.pk}:{digest}"

    @staticmethod
    def _has_messages(request):
        if request.COOKIES.get("messages"):
            return True
        return "_messages" in request.session

    # Storing and replaying ----------------------------------------------------------------------

    def storable(self, request, response, writer):
        if not getattr(response, OPT_IN, False) or response.status_code != 200:
            return False
        if response.streaming or response.cookies or writer.wrote_own_records:
            return False
        if getattr(request, "session", None) is not None and request.session.modified:
            return False
        storage = getattr(request, "_messages", None)
        return not getattr(storage, "_queued_messages", None)

    @staticmethod
    def pack(response):
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        return (response.content, headers)

    def replay(self, request, stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        # The page's forms use this learner's CSRF token: renew its cookie as a render would.
        get_token(request)
        return response

    def _get(self, key):
        try:
            return self.cache.get(key)
        except Exception:  # a cache outage must not take the pages down with it
            logger.warning("Learner page cache unavailable (get)", exc_info=True)
            return None

    def _set(self, key, value):
        try:
            self.cache.set(key, value, self.seconds)
        except Exception:
            logger.warning("Learner page cache unavailable (set)", exc_info=True)
