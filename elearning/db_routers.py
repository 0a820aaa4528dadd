"""
Reports and exports read from a replica of the database, when there is one.

A compliance report or an XLSX export of every learner reads many rows; on a busy day it should
not compete with learners saving their answers. With ``DATABASE_REPLICA_URL`` set, production
adds the database alias ``replica`` and this router (``DATABASE_ROUTERS``). The router sends a
read to the replica only inside :func:`reading_from_replica`, which the report views enter
(:class:`reports.views.base.ReplicaReadsMixin`); every other read and every write goes to
``default``, so a learner never reads back a stale copy of what they have just saved.

A replica lags its primary by a moment: a report may miss the answer saved a second ago, which
is acceptable for reports and never for a learner's own pages. Without the ``replica`` alias the
router answers "no preference" and everything reads from ``default``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

_reading_from_replica = ContextVar("reading_from_replica", default=False)

__all__ = ["REPLICA", "ReplicaRouter", "reading_from_replica", "replica_configured"]


def replica_configured():
    """True when the settings name a ``replica`` database alias."""
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica():
    """Within this block, reads of every model go to the replica (when configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads inside :func:`reading_from_replica` go to ``replica``; nothing else is routed."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of default: an object read from either may refer to the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives its schema from the primary's replication, never from migrate.
        return db != REPLICA
