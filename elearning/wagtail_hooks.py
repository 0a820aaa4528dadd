"""Admin wiring of the project glue: the audit log's actions (:mod:`elearning.audit`), names
for the admin editors Wagtail leaves unnamed (``static/js/admin-field-names.js``), and the
"Failed tasks" page (:mod:`elearning.failed_tasks`) in the Reports menu, and the pages of a
queued spreadsheet export (:mod:`elearning.exports`)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from elearning import exports, failed_tasks
from elearning.audit import ACTIONS


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("insert_global_admin_css")
def project_admin_css():
    """The few admin styles of our own (elearning/static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def name_unnamed_editors():
    """Rich text and tag editors named by their field's label, for screen readers (axe)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-field-names.js"))


@hooks.register("register_admin_urls")
def register_failed_task_urls():
    return [
        path("failed-tasks/", failed_tasks.failed_task_list, name="failed_tasks"),
        path(
            "failed-tasks/<uuid:uuid>/retry/",
            failed_tasks.retry_failed_task,
            name="failed_task_retry",
        ),
        path(
            "failed-tasks/<uuid:uuid>/discard/",
            failed_tasks.discard_failed_task,
            name="failed_task_discard",
        ),
    ]


@hooks.register("register_admin_urls")
def register_spreadsheet_export_urls():
    """A queued export's status page and its download (elearning/exports.py)."""
    return [
        path("exports/<uuid:uuid>/", exports.export_status, name="spreadsheet_export_status"),
        path(
            "exports/<uuid:uuid>/download/",
            exports.export_download,
            name="spreadsheet_export_download",
        ),
    ]


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(failed_tasks.MANAGE_FAILED_TASKS)


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return FailedTasksMenuItem(
        _("Failed tasks"),
        reverse("failed_tasks"),
        name="failed-tasks",
        icon_name="warning",
        order=900,
    )
