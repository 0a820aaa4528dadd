"""Admin wiring: the read-only xAPI statement listing (Settings menu)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from xapi.admin_views import StatementPermissionPolicy, statement_viewset
from xapi.models import Statement

register_permission_policy(Statement, StatementPermissionPolicy(Statement))


@hooks.register("register_admin_viewset")
def register_statement_viewset():
    return statement_viewset
