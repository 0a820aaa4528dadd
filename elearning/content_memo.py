"""
Work that depends on content alone, done once per version of the content.

Building a learner page first finds things that are the same for every learner until a trainer
changes something: which site and page a path names, a module's lessons and quiz, the help
contacts in the footer. Each costs a query or two, and on this stack an ORM query costs far more
in Python than in the database. The content freshness token (:mod:`elearning.freshness`) is
replaced after every write to shared content, so while it stays the same these answers stay the
same, and each worker can keep them.

How it is used
    The learner page middleware (:mod:`elearning.page_cache`) reads the token at the start of a
    learner page request and opens :func:`content_version` for the rest of it. Code that
    computes something from content alone asks :func:`remember` with a key naming everything the
    answer depends on besides content (a path, module ids, a language). Outside such a request
    (the admin, commands, tests without the middleware) :func:`remember` simply computes.

What a caller gets
    A fresh copy every time (values are kept pickled), so a caller may change what it gets
    without touching anyone else's. Values should be picklable (one that is not is worked out
    every time, with a warning in the log) and must not depend on the learner, the request or
    the time.

Limits
    Each worker keeps at most ``CONTENT_MEMO_ENTRIES`` answers (least recently used go first; a
    remembered route is 8-13 KB pickled, so 1000 of them are about 10 MB) for the two newest
    content versions (a request that began just before a trainer published still finds answers
    consistent with the token it read). ``CONTENT_MEMO_ENTRIES = 0`` turns remembering off.
"""

import contextlib
import contextvars
import logging
import pickle
import threading
from collections import OrderedDict

from django.conf import settings

logger = logging.getLogger(__name__)
_version = contextvars.ContextVar("content_version", default=None)
_lock = threading.Lock()
#: content version -> OrderedDict(key -> pickled value), newest version last.
_stores = OrderedDict()
#: How many content versions each worker keeps answers for.
VERSIONS_KEPT = 2


@contextlib.contextmanager
def content_version(token):
    """Within this block, :func:`remember` keeps answers under content version ``token``."""
    reset = _version.set(token)
    try:
        yield
    finally:
        _version.reset(reset)


def current_version():
    """The content version of the request being served, or None outside one."""
    return _version.get()


def remember(key, build):
    """``build()``'s answer for ``key`` in the current content version (computed at most once)."""
    version = _version.get()
    limit = getattr(settings, "CONTENT_MEMO_ENTRIES", 1000)
    if version is None or limit <= 0:
        return build()
    with _lock:
        store = _stores.get(version)
        pickled = store.get(key) if store is not None else None
        if pickled is not None:
            store.move_to_end(key)
    if pickled is not None:
        return pickle.loads(pickled)
    value = build()
    try:
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that cannot be kept is still the right answer for this request
        logger.warning("Content memo: %r cannot be pickled, not remembered", key, exc_info=True)
        return value
    with _lock:
        store = _stores.get(version)
        if store is None:
            store = _stores[version] = OrderedDict()
            while len(_stores) > VERSIONS_KEPT:
                _stores.popitem(last=False)
        store[key] = pickled
        while len(store) > limit:
            store.popitem(last=False)
    return value


def forget_all():
    """Drop every remembered answer (tests; a worker never needs it)."""
    with _lock:
        _stores.clear()
