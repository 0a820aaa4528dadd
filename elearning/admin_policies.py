"""
Admin permission policies shared by the apps.

:class:`PlatformRecordPolicy`: rows the platform itself writes (certificates, xAPI statements)
are listed and inspected in the admin, but nobody adds, edits or deletes one by hand, whatever
permissions their role holds.
"""

from wagtail.permission_policies import ModelPermissionPolicy


class PlatformRecordPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that adding, changing and deleting are never allowed."""

    FORBIDDEN = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.FORBIDDEN:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
