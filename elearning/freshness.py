"""
Knowing when something changed: every database write replaces a freshness stamp.

A copy of a rendered page (:mod:`elearning.page_cache`) may be served only while nothing it
shows has changed. Rather than trust every write path to remember to say so, this module
watches the writes themselves: a database execute wrapper, installed on every connection, looks
at each statement after it succeeded and, for an ``INSERT``, ``UPDATE``, ``DELETE``,
``REPLACE`` or ``TRUNCATE``, replaces the token of the scope it touched:

``learner:<id>``
    A write to a *learner record* table (one learner's enrolments, progress, attempts,
    certificates, profile) made during that learner's own request on the learner
    site. The apps that own such tables declare them with :func:`register_learner_records`.

``content``
    Every other write (the accounts and their groups among them: a learner page reads those
    from the content memo, see :mod:`elearning.permissions`): trainers publishing pages,
    managers revoking certificates or changing roles in the admin, management commands,
    imports, tasks, and any table nobody declared.
    One stale-proof rule for all of them, since such writes are rare next to page views.

Writes to the session table, to the rate-limit counters, to the task queue and its failures and
to the stamps themselves change no stamp. The new token is
written on the same connection once the change is committed (at once in autocommit), and not
at all if it is rolled back. Readers take the tokens before they read anything else
(:func:`read_tokens`), so a page stored under a token never shows data older than that token.

With a cache that every worker shares (Redis: ``FRESHNESS_STAMP_CACHE_ALIAS``), the tokens are
also kept there, so a page served again from its copy needs no database round trip at all. The
table stays the record: a writer stores its new token in the cache after the table, and a
reader that finds no token in the cache reads the table and adds what it read only if no
writer has stored a token meanwhile (``add``, never ``set``), so the cache never goes back to
an older token. If the cache cannot be reached, the table is read; a token the cache failed to
replace is trusted for at most ``FRESHNESS_STAMP_CACHE_SECONDS`` (a minute). A cache private to
one worker (local memory) must never be named here: other workers' writes would not reach it.

While ``migrate`` runs (the stamps table may not exist yet) nothing is tracked.
"""

import contextvars
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connections

logger = logging.getLogger(__name__)

CONTENT = "content"
TABLE = "elearning_freshnessstamp"

#: Tables whose writes never make a page stale.
UNTRACKED_TABLES = {
    TABLE,
    "django_session",
    "elearning_ratelimitcounter",
    # The task queue and its failures (elearning/task_queue.py): written for every task queued,
    # claimed and finished, shown on no learner page. What a task itself writes is tracked.
    "django_tasks_database_dbtaskresult",
    "elearning_taskfailure",
}

_WRITE = re.compile(
    r"""^\s*(?:
        INSERT(?:\s+OR\s+\w+)?\s+INTO | UPDATE(?:\s+OR\s+\w+)? | DELETE\s+FROM
        | REPLACE\s+INTO | TRUNCATE(?:\s+TABLE)?
    )\s+["`]?([\w.]+)""",
    re.IGNORECASE | re.VERBOSE,
)

_learner_tables = set()
_tracking = {"enabled": True}


@dataclass
class Writer:
    """Who is writing in this context: a learner on the learner site, with what they changed."""

    user_id: int
    wrote_own_records: bool = False
    wrote_shared: bool = False


_writer = contextvars.ContextVar("freshness_writer", default=None)


def learner_scope(user_id):
    return f"learner:{user_id}"


def register_learner_records(*models):
    """Declare tables whose rows belong to one learner (called from an app's ``ready()``)."""
    _learner_tables.update(model._meta.db_table for model in models)


def register_untracked(*models):
    """Declare tables no page shows, whose writes must never make a page stale (an outbox, a
    log): called from an app's ``ready()``, like :func:`register_learner_records`."""
    UNTRACKED_TABLES.update(model._meta.db_table for model in models)


def learner_tables():
    return frozenset(_learner_tables)


class writing_as_learner:
    """Context in which writes to learner records replace only ``user_id``'s stamp."""

    def __init__(self, user_id):
        self.writer = Writer(user_id)

    def __enter__(self):
        self._token = _writer.set(self.writer)
        return self.writer

    def __exit__(self, *exc_info):
        _writer.reset(self._token)


def written_table(sql):
    """The table a write statement changes, or None for reads and other statements."""
    match = _WRITE.match(sql)
    return match.group(1).strip('"`').lower() if match else None


def scope_for(table):
    """The stamp a successful write to ``table`` replaces, in the current context.

    Also notes on the learner's :class:`Writer` what kind of write it was: the page cache does
    not keep a page whose own request changed the learner's records.
    """
    writer = _writer.get()
    if writer is not None and table in _learner_tables:
        writer.wrote_own_records = True
        return learner_scope(writer.user_id)
    if writer is not None:
        writer.wrote_shared = True
    return CONTENT


def bump(connection, *scopes):
    """Replace the tokens of ``scopes`` (one upsert each, on ``connection``), then the cache's."""
    written = {}
    with connection.cursor() as cursor:
        for scope in scopes:
            token = secrets.token_hex(8)
            cursor.execute(
                f"INSERT INTO {TABLE} (name, token) VALUES (%s, %s) "  # noqa: S608 (constant)
                "ON CONFLICT (name) DO UPDATE SET token = excluded.token",
                [scope, token],
            )
            written[scope] = token
    if connection.in_atomic_block:
        _unread_tokens(connection).update(written)
    cache = stamp_cache()
    if cache is None:
        return
    try:
        if connection.in_atomic_block:
            # Only inside a test case's transaction, which may still roll the table back: the
            # cache forgets the token instead, and the next reader takes it from the table.
            cache.delete_many([_cache_key(scope) for scope in written])
        else:
            cache.set_many({_cache_key(s): t for s, t in written.items()}, _cache_seconds())
    except Exception:  # the table has the token; the cache's old one expires soon
        logger.warning("Freshness stamp cache unavailable (set)", exc_info=True)


def read_tokens(connection, *scopes, prefetched=None):
    """The current token of each scope, in order ("" for a scope never written).

    From the shared stamp cache when there is one and it has them all; the rest from the table.
    ``prefetched`` is what the caller already asked of the stamp cache (in one round trip with
    something else it needed): each key of :func:`cache_keys` it asked for, with the token found
    or None. A token asked for and missing is read from the table, not asked for again; only
    the keys it did not ask for are asked of the cache.
    """
    written_unread = _unread_tokens(connection)
    for scope in scopes:
        written_unread.pop(scope, None)
    found = {}
    cache = stamp_cache()
    if cache is not None:
        prefetched = prefetched or {}
        cached = {key: token for key, token in prefetched.items() if token is not None}
        unread = [_cache_key(scope) for scope in scopes if _cache_key(scope) not in prefetched]
        try:
            if unread:
                cached.update(cache.get_many(unread))
        except Exception:
            logger.warning("Freshness stamp cache unavailable (get)", exc_info=True)
            cache, cached = None, {}
        found = {
            scope: cached[_cache_key(scope)] for scope in scopes if _cache_key(scope) in cached
        }
    missing = [scope for scope in scopes if scope not in found]
    if missing:
        from_table = _read_table(connection, missing)
        found.update(from_table)
        if cache is not None:
            _remember(cache, from_table)
    return tuple(found[scope] for scope in scopes)


def _read_table(connection, scopes):
    placeholders = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, token FROM {TABLE} WHERE name IN ({placeholders})",  # noqa: S608
            list(scopes),
        )
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, "") for scope in scopes}


def _remember(cache, tokens):
    """Add tokens read from the table, unless a writer stored a newer one since (``add``)."""
    try:
        for scope, token in tokens.items():
            cache.add(_cache_key(scope), token, _cache_seconds())
    except Exception:
        logger.warning("Freshness stamp cache unavailable (add)", exc_info=True)


def stamp_cache():
    """The cache shared by every worker that keeps the tokens too, or None (the table only)."""
    alias = getattr(settings, "FRESHNESS_STAMP_CACHE_ALIAS", None)
    return caches[alias] if alias else None


def cache_keys(*scopes):
    """The keys under which the stamp cache keeps the tokens of ``scopes``."""
    return [_cache_key(scope) for scope in scopes]


def _cache_key(scope):
    return f"freshness:{scope}"


def _cache_seconds():
    return getattr(settings, "FRESHNESS_STAMP_CACHE_SECONDS", 60)


def track_writes(execute, sql, params, many, context):
    """Execute wrapper: after a successful write, replace the stamp of what it touched."""
    result = execute(sql, params, many, context)
    if _tracking["enabled"] and isinstance(sql, str):
        table = written_table(sql)
        if table is not None and table not in UNTRACKED_TABLES:
            _bump_after_commit(context["connection"], scope_for(table))
    return result


def _bump_after_commit(connection, scope):
    """Replace ``scope``'s token once the write is committed (at once outside a transaction).

    Writing the stamp after the commit, on its own, keeps its row lock out of long
    transactions: two transactions of one learner never wait on each other's stamp, and a long
    import holds no lock that sign-ins need. Between the commit and the stamp (well under a
    millisecond) a reader may still be served the copy from just before the change, as if it
    had asked a moment earlier; the writer's own next request always sees the change, since
    the stamp is written before its response leaves. A test case's transaction never commits,
    so inside one the stamp is written at once, like in autocommit.
    """
    if connection.in_atomic_block and not connection.atomic_blocks[0]._from_testcase:
        if not _pending(connection, scope):
            connection.on_commit(_Bump(connection, scope))
    elif not _unread_bump_stands(connection, scope):
        bump(connection, scope)


def _unread_bump_stands(connection, scope):
    """True if, inside a test case's transaction, this scope's last token is still unread.

    No reader has seen that token, so nothing was kept under it, and it already tells every
    reader that something changed: a second write need not replace it. Inside one long
    transaction PostgreSQL keeps every version of a row it updates, so thousands of upserts of
    one stamp (a test loading the default content) would each cost more than the last. The
    table still holding the token shows that no savepoint rollback undid it.
    """
    if not connection.in_atomic_block:
        return False
    token = _unread_tokens(connection).get(scope)
    return token is not None and _read_table(connection, [scope])[scope] == token


def _unread_tokens(connection):
    """Tokens this connection wrote inside a test case's transaction and nobody has read."""
    # ``django.db.connection`` is a proxy: the state lives on the connection it stands for.
    return connections[connection.alias].__dict__.setdefault("_freshness_unread_tokens", {})


class _Bump:
    """An ``on_commit`` callback replacing one scope's token."""

    def __init__(self, connection, scope):
        self.connection = connection
        self.scope = scope

    def __call__(self):
        bump(self.connection, self.scope)


def _pending(connection, scope):
    """True if this transaction will already replace ``scope``'s token when it commits.

    Django drops the callbacks of a savepoint that is rolled back. A callback still listed was
    registered in this savepoint or one enclosing it (or in an inner one since released, which
    now stands or falls with them), so it is discarded only by a rollback that also undoes the
    write at hand: one callback per scope and transaction is enough.
    """
    return any(
        isinstance(callback, _Bump) and callback.scope == scope
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def install(connection, **kwargs):
    """``connection_created`` receiver: watch this connection's writes (once per connection)."""
    if track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_writes)


def pause_tracking(**kwargs):
    """``pre_migrate`` receiver: the stamps table may not exist while migrations run."""
    _tracking["enabled"] = False


def resume_tracking(**kwargs):
    """``post_migrate`` receiver."""
    _tracking["enabled"] = True
