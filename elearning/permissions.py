"""
Permissions without queries on every page: Django's model backend, kept per content version.

Django's :class:`~django.contrib.auth.backends.ModelBackend` answers ``user.has_perm()`` by
loading the account's own permissions and its groups' permissions: two queries on every page
that asks, and every learner page asks (the header's "Admin" link, and whether the learner may
open any module). Both answers depend on content alone once the account's groups are known:

* which permissions a set of groups carries changes only when someone edits a group or a
  permission in the admin, and
* which permissions are given to one account directly changes only in the admin too,

and any such write replaces the ``content`` freshness token (:mod:`elearning.freshness`). So
during a learner page request, where :mod:`elearning.content_memo` keeps answers per content
version, :class:`ModelBackend` asks the memo: permissions by the sorted ids of the account's
groups, and by the account's id. The group ids themselves are read for every request (one
query, :func:`user_group_ids`, which the module access rules use as well), since a learner's
groups are part of their own records. Whether the account is active or a superuser is read
from the account as loaded for the request. Everywhere else (the admin, commands, tests without
the middleware) it is Django's backend unchanged.

The account itself, with its group ids, is kept the same way (:meth:`ModelBackend.get_user`):
during a learner page request the account a session names comes from the memo, so building a
page reads only the learner's own records. This is safe because the account and its groups are
not learner records (:mod:`elearning.freshness`): every write to them (a new password, a changed
name or email, deactivation, a new role, a sign-in's ``last_login``) replaces the ``content``
token, and the memo never answers across tokens. Django still checks the session against the
account's password hash, which is part of what is kept.
"""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission

from elearning import content_memo

__all__ = ["ModelBackend", "user_group_ids"]


def user_group_ids(user):
    """The ids of ``user``'s groups (one query, then kept on the user object for the request)."""
    if not user.is_authenticated:
        return frozenset()
    try:
        return user._group_ids_cache
    except AttributeError:
        user._group_ids_cache = frozenset(user.groups.values_list("id", flat=True))
        return user._group_ids_cache


class ModelBackend(backends.ModelBackend):
    """Django's model backend; within a content version, accounts and permissions come from the
    memo."""

    def get_user(self, user_id):
        if content_memo.current_version() is None:
            return super().get_user(user_id)

        def account_with_groups():
            user = backends.ModelBackend.get_user(self, user_id)
            if user is not None:
                user_group_ids(user)
            return user

        return content_memo.remember(("account", str(user_id)), account_with_groups)

    def _get_permissions(self, user_obj, obj, from_name):
        perm_cache_name = f"_{from_name}_perm_cache"
        if (
            content_memo.current_version() is None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or hasattr(user_obj, perm_cache_name)
        ):
            return super()._get_permissions(user_obj, obj, from_name)
        if user_obj.is_superuser:
            key, permissions = ("permissions", "all"), Permission.objects.all
        elif from_name == "user":
            key = ("permissions", "account", user_obj.pk)
            permissions = user_obj.user_permissions.all
        else:
            group_ids = sorted(user_group_ids(user_obj))
            key = ("permissions", "groups", tuple(group_ids))

            def permissions():
                return Permission.objects.filter(group__id__in=group_ids)

        def names():
            rows = permissions().values_list("content_type__app_label", "codename").order_by()
            return {f"{app_label}.{codename}" for app_label, codename in rows}

        setattr(user_obj, perm_cache_name, content_memo.remember(key, names))
        return getattr(user_obj, perm_cache_name)
