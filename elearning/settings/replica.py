"""
The read replica for reports: what ``production.py`` adds when ``DATABASE_REPLICA_URL`` is set.

The alias ``replica`` is a second connection to a copy of the primary kept by the database's own
replication; :mod:`elearning.db_routers` sends only the reports' and exports' reads to it. In
tests the alias mirrors ``default`` (``TEST["MIRROR"]``): the same database through a second
connection, so a test can see which connection a query ran on.
"""

import dj_database_url

DATABASE_ROUTERS = ["elearning.db_routers.ReplicaRouter"]


def with_replica(databases, url):
    """``databases`` with a ``replica`` alias at ``url`` (same connection options as default)."""
    replica = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    replica.setdefault("TEST", {})["MIRROR"] = "default"
    return {**databases, "replica": replica}
