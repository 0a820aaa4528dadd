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
    replaces its token as soon as it is committed, so a stored copy is never older than its key.
    Serving a copy costs the session and the tokens (2 queries): the account is not loaded,
    since any change to it (password, deactivation, role) replaces a token, and the session's
    contents, which name the account and its password hash, are part of the key. With Redis
    keeping the sessions and the tokens, it costs one round trip to Redis for both and no query.

When a page is built
    The tokens are read first all the same, and the ``content`` token opens a content version
    (:mod:`elearning.content_memo`): the site and the page the path names (with what a page
    prepares for serving), module lists and the footer are worked out once per content version
    and worker. ``CONTENT_MEMO_URL_NAMES`` lists other pages (sign-in, certificates, the public
    verification page) that read only the ``content`` token, for their header and footer.

What is never stored or served
    Anything but a signed-in ``GET`` on the learner site (the admin is never cached); pages
    that did not opt in with :func:`allow_learner_page_cache`; responses other than 200, that
    set cookies, or that carry messages (a copy must not repeat "Lesson marked complete");
    requests with messages waiting to be shown or whose session changed while the page was
    built; a request that itself wrote to the learner's records (its own next view is fresh).

It is an in-server cache: responses still say ``Cache-Control: private, no-store`` so no
browser or proxy keeps learner pages. Settings: ``LEARNER_PAGE_CACHE_SECONDS`` (how long a copy
is kept, 0 turns the cache off), ``LEARNER_PAGE_CACHE_ALIAS`` (which cache, default
``default``: the local memory of each worker, or Redis when ``REDIS_URL`` is set),
``LEARNER_PAGE_CACHE_LOCAL_ALIAS`` (optional: a small cache in each worker's memory in front of
a shared one, so a copy this worker served lately costs no round trip; any copy is right for
its key wherever it is kept, since the key holds the freshness tokens) and ``RELEASE`` (changes
the key after a deployment; by default a digest of the code's files).
"""

import hashlib
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone, translation

from elearning import content_memo, freshness, sessions

logger = logging.getLogger(__name__)


class _LearnerPage:
    """Per-request state: the learner's write context, the freshness tokens, the copy's key."""

    def __init__(self, writing, user_id):
        self.writing = writing
        self.user_id = user_id
        self.tokens = None
        self.content_version = None
        self.key = None

    def close(self):
        if self.content_version is not None:
            self.content_version.__exit__(None, None, None)
        if self.writing is not None:
            self.writing.__exit__(None, None, None)

    def enter_content_version(self, token):
        self.content_version = content_memo.content_version(token)
        self.content_version.__enter__()


#: Response attribute a view sets to let its page be kept (see :func:`allow_learner_page_cache`).
OPT_IN = "learner_page_cache"
#: Response headers a copy keeps (the middlewares outside this one add the rest again).
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Expires", "Content-Language")
#: Session key -> the account it was last seen signed in as, in this worker: which learner's
#: stamp to read with the session (a hint only, see ``_read_session_with_stamps``).
learner_of_session = {}
#: How many session keys each worker remembers the account of (forgotten all at once).
LEARNERS_OF_SESSIONS_KEPT = 10_000


def allow_learner_page_cache(response):
    """Let the page cache keep ``response`` (a learner page that shows only what its key covers)."""
    setattr(response, OPT_IN, True)
    return response


def _signed_in_user_id(request):
    """The id of the account the session is signed in as, without loading the account.

    A copy is served only to a session exactly like the one it was built for (the session's
    contents, the account's password hash among them, are in the key), and only while neither
    freshness token changed: any change to the account (a new password, deactivation, a new
    role) replaces one. So a copy can be served before Django loads and checks the account;
    a page is built (and the account checked in full) whenever there is no copy.
    """
    from django.contrib.auth import SESSION_KEY, get_user_model

    session = getattr(request, "session", None)
    raw = session.get(SESSION_KEY) if session is not None else None
    if raw is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(raw)
    except ValidationError:
        return None


def _remember_route(request, path):
    """Find the site and page for ``path`` once per content version (:mod:`.content_memo`).

    Wagtail's page view keeps both on the request (``_wagtail_site``,
    ``_wagtail_route_for_request``) and looks no further when they are there. A page may
    define ``prepare_for_serving()`` to load more of what serving it needs from content alone;
    that is remembered with the route.
    """
    from wagtail.models import Page, Site

    # The same path names a different page in each language (/cy/... routes the Welsh tree).
    key = ("wagtail-route", *_host_and_port(request), path, translation.get_language())

    def build():
        site = Site.find_for_request(request)
        route = Page.route_for_request(request, path)
        prepare = getattr(route[0], "prepare_for_serving", None) if route else None
        if prepare is not None:
            prepare()
        return site, route

    request._wagtail_site, request._wagtail_route_for_request = content_memo.remember(key, build)


def _remember_site(request):
    """Find the request's Wagtail site once per content version (settings and page URLs use it)."""
    from wagtail.models import Site

    request._wagtail_site = content_memo.remember(
        ("wagtail-site", *_host_and_port(request)), lambda: Site.find_for_request(request)
    )


def _host_and_port(request):
    """What Wagtail matches sites on (``Site.find_for_request``)."""
    return split_domain_port(request._get_raw_host())[0], request.get_port()


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
        local_alias = getattr(settings, "LEARNER_PAGE_CACHE_LOCAL_ALIAS", None)
        self.local = caches[local_alias] if local_alias else None
        self.release = getattr(settings, "RELEASE", "") or _code_release()
        self.url_names = frozenset(getattr(settings, "LEARNER_PAGE_CACHE_URL_NAMES", ()))
        self.memo_url_names = frozenset(getattr(settings, "CONTENT_MEMO_URL_NAMES", ()))
        self.excluded = tuple(getattr(settings, "LEARNER_PAGE_CACHE_EXCLUDED_PATHS", ()))

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            state = request.__dict__.pop("_learner_page", None)
            if state is not None:
                state.close()
        if state is not None and state.key is not None and self.storable(request, response, state):
            self._set(state.key, self.pack(response))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.url_name in self.memo_url_names and not request.path.startswith(self.excluded):
            # Not a learner page, but it shows the site's header and footer: read them once per
            # content version too.
            state = request._learner_page = _LearnerPage(None, None)
            state.enter_content_version(freshness.read_tokens(connection, freshness.CONTENT)[0])
            _remember_site(request)
            return None
        if match.url_name not in self.url_names or request.path.startswith(self.excluded):
            return None
        prefetched = self._read_session_with_stamps(request)
        user_id = _signed_in_user_id(request)
        if user_id is None:
            return None
        if prefetched is not None:
            self._note_learner_of_session(request, user_id)
        # From here on, this learner's writes replace only their own stamp.
        writing = freshness.writing_as_learner(user_id)
        writing.__enter__()
        state = _LearnerPage(writing, user_id)
        request._learner_page = state
        # The tokens come first: whatever is read after them is at least as new.
        state.tokens = freshness.read_tokens(
            connection, freshness.CONTENT, freshness.learner_scope(user_id), prefetched=prefetched
        )
        state.enter_content_version(state.tokens[0])
        state.key = self.key_for(request, user_id, state.tokens) if self.seconds else None
        if state.key is not None:
            stored = self._get(state.key)
            if stored is not None:
                state.key = None  # served from the cache: nothing new to keep
                return self.replay(request, stored)
        # The page will be built: what it needs of content alone comes from the content memo.
        if match.url_name == "wagtail_serve":
            # Wagtail's URL pattern passes the page path as the view's one positional argument.
            path = view_kwargs["path"] if "path" in view_kwargs else (view_args or ("",))[0]
            _remember_route(request, path)
        else:
            _remember_site(request)
        return None

    # One round trip -----------------------------------------------------------------------------

    def _read_session_with_stamps(self, request):
        """Read the session and the freshness stamps in one round trip when one cache keeps both.

        With Redis, production keeps the sessions (Django's ``cached_db`` store) and the stamps
        in the same cache, and a copy served again needs nothing else. The learner's stamp is
        named by the account the session is signed in as, known only once the session is read:
        the account this worker last saw with this session key is asked for in the same trip,
        and :meth:`process_view` uses its stamp only if the session names the same account
        (otherwise the stamp is read on its own). Returns each stamp key asked for with its token
        or None ({} if the trip failed), or None when the session is not kept in the stamp cache;
        a session not found in the cache is read as usual, from the database.
        """
        cache = freshness.stamp_cache()
        session = getattr(request, "session", None)
        session_key_in_cache = sessions.key_in_cache(session, cache)
        if session_key_in_cache is None:
            return None
        scopes = [freshness.CONTENT]
        learner_id = learner_of_session.get(session.session_key)
        if learner_id is not None:
            scopes.append(freshness.learner_scope(learner_id))
        stamp_keys = freshness.cache_keys(*scopes)
        try:
            found = cache.get_many([session_key_in_cache, *stamp_keys])
        except Exception:  # the session and the stamps are read on their own, as usual
            logger.warning("Session and stamp cache unavailable (get)", exc_info=True)
            return {}
        data = found.get(session_key_in_cache)
        if data is not None:
            sessions.use_data_read_from_cache(session, data)
        return {key: found.get(key) for key in stamp_keys}  # None: asked for, not in the cache

    def _note_learner_of_session(self, request, user_id):
        """Remember which account this session key is signed in as (a hint for the next trip)."""
        if len(learner_of_session) >= LEARNERS_OF_SESSIONS_KEPT:
            learner_of_session.clear()
        learner_of_session[request.session.session_key] = user_id

    # Keys ---------------------------------------------------------------------------------------

    def key_for(self, request, user_id, tokens):
        """The cache key of this request, or None when it must not use the cache."""
        if request.method != "GET" or self._has_messages(request):
            return None
        csrf_secret = request.META.get("CSRF_COOKIE")
        if not csrf_secret:
            return None
        session = json.dumps(dict(request.session.items()), sort_keys=True, default=str)
        parts = [
            self.release,
            request.get_host(),
            request.get_full_path(),
            str(user_id),
            getattr(request, "LANGUAGE_CODE", ""),
            timezone.localdate().isoformat(),
            csrf_secret,
            session,
            *tokens,
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return f"learner-page:{user_id}:{digest}"

    @staticmethod
    def _has_messages(request):
        if request.COOKIES.get("messages"):
            return True
        return "_messages" in request.session

    # Storing and replaying ----------------------------------------------------------------------

    def storable(self, request, response, state):
        if not getattr(response, OPT_IN, False) or response.status_code != 200:
            return False
        # Only a page built for the account the session names (checked in full by Django's
        # authentication while the page was built) may be served to that session again.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.pk != state.user_id:
            return False
        writer = state.writing.writer
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
        # The page's forms carry tokens made from this learner's CSRF secret (part of the key):
        # renew its cookie as the render did. That is what get_token() does besides making a
        # new masked token, which the copy does not need.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        return response

    def _get(self, key):
        """The copy for ``key``: from this worker's memory if it has it, else the shared cache."""
        if self.local is not None:
            stored = self.local.get(key)
            if stored is not None:
                return stored
        try:
            stored = self.cache.get(key)
        except Exception:  # a cache outage must not take the pages down with it
            logger.warning("Learner page cache unavailable (get)", exc_info=True)
            return None
        if stored is not None and self.local is not None:
            self.local.set(key, stored, self.seconds)
        return stored

    def _set(self, key, value):
        if self.local is not None:
            self.local.set(key, value, self.seconds)
        try:
            self.cache.set(key, value, self.seconds)
        except Exception:
            logger.warning("Learner page cache unavailable (set)", exc_info=True)
