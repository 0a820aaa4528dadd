"""
The admin's "Failed tasks" page: the dead letter of the task queue, for training managers.

A task that failed on its last attempt (:mod:`elearning.task_queue`) waits here with its error
and traceback. Holders of ``elearning.manage_failed_tasks`` (training managers, administrators)
retry it, which queues it again from its first attempt, or discard it. Both are POST forms with
Django's CSRF token and each writes an audit entry (:mod:`elearning.services`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elearning import services
from elearning.models import TaskFailure

MANAGE_FAILED_TASKS = "elearning.manage_failed_tasks"
#: Failures shown on the page at once; the oldest beyond are counted, not listed.
PAGE_SIZE = 100


def _require_permission(request):
    if not request.user.has_perm(MANAGE_FAILED_TASKS):
        raise PermissionDenied


@require_GET
def failed_task_list(request):
    """The failures waiting for a decision, newest first, and the last few decisions."""
    _require_permission(request)
    waiting = TaskFailure.objects.waiting()
    decided = TaskFailure.objects.filter(
        status__in=[TaskFailure.Status.RETRIED, TaskFailure.Status.DISCARDED]
    ).select_related("decided_by")
    return TemplateResponse(
        request,
        "elearning/admin/failed_tasks.html",
        {
            "failures": waiting[:PAGE_SIZE],
            "waiting_count": waiting.count(),
            "decided": decided.order_by("-decided_at")[:10],
        },
    )


def _decide(request, uuid, decide, done_message):
    _require_permission(request)
    failure = get_object_or_404(TaskFailure, uuid=uuid)
    try:
        decide(failure, user=request.user)
    except services.TaskDecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message % {"task": failure.task_name})
    return redirect("failed_tasks")


@require_POST
def retry_failed_task(request, uuid):
    return _decide(
        request,
        uuid,
        services.retry_failed_task,
        _("%(task)s has been queued again."),
    )


@require_POST
def discard_failed_task(request, uuid):
    return _decide(
        request,
        uuid,
        services.discard_failed_task,
        _("%(task)s has been discarded."),
    )
