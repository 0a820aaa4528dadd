"""
Sessions in the database, read with one plain SQL statement.

Every request of a signed-in learner reads its session first, the learner page cache's copies
included. Django's database session store reads the row through the ORM, whose query building
costs more than the query itself (about 0.3 ms a request on the benchmark machine, a fifth of a
page served from the cache). This store reads the same row by the same rule (this key, not yet
expired) with a fixed statement; writing, rotating, expiring and clearing sessions are Django's
own. It is the session engine when there is no Redis; with Redis, production settings use
Django's ``cached_db`` store, which reads sessions from the cache.

:func:`key_in_cache` and :func:`use_data_read_from_cache` let a caller that makes a round trip
to that cache anyway bring the session's data back in the same trip (the learner page cache
reads it with the freshness stamps).
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new key is made when saving
            return None
        return model(session_key=self.session_key, session_data=row[0])


def key_in_cache(session, cache):
    """The key under which ``session`` keeps its data in ``cache``, or None.

    None unless the session is Django's ``cached_db`` (or ``cache``) store kept in that very
    cache, has a key, and has not been read yet.
    """
    if session is None or cache is None or getattr(session, "_cache", None) is not cache:
        return None
    if hasattr(session, "_session_cache") or not session.session_key:
        return None
    return session.cache_key_prefix + session.session_key


def use_data_read_from_cache(session, data):
    """Give ``session`` the data read from its key in its cache, as its own ``load()`` would."""
    session._session_cache = data
