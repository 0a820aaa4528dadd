"""
The xAPI record in the Wagtail admin (Settings → xAPI statements): what was sent to the LRS,
what is waiting, and what failed with its last error. Read-only: statements are written by the
platform, never added, edited or deleted by hand (superusers included). Seen by whoever holds
``xapi.view_statement`` (superusers; grant it to a group in the admin if needed).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from elearning.admin_policies import PlatformRecordPolicy
from xapi.models import Statement


class StatementPermissionPolicy(PlatformRecordPolicy):
    """Statements are the platform's record: nobody adds, edits or deletes one by hand."""


class StatementViewSet(ModelViewSet):
    model = Statement
    icon = "resubmit"
    menu_label = _("xAPI statements")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_filter = ["status", "verb"]
    list_display = [
        Column("created_at", label=_("Recorded"), sort_key="created_at"),
        "verb",
        "activity_id",
        "status",
        "attempts",
        Column("sent_at", label=_("Sent"), sort_key="sent_at"),
        "last_error",
    ]
    inspect_view_fields = [
        "id",
        "verb",
        "activity_id",
        "status",
        "attempts",
        "last_attempt_at",
        "sent_at",
        "last_error",
        "payload",
    ]
    ordering = ["-created_at"]
    # Required by ModelViewSet; the policy above refuses the edit form to everyone.
    form_fields = ["last_error"]


statement_viewset = StatementViewSet("xapi_statements")
