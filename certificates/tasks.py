"""
Scheduled work for certificates, through Django's task framework (``django-tasks``).

A task here calls a service and nothing in ``certificates`` imports this module (DESIGN.md: a
task module imports services, never the other way round). The emails the services queue are
tasks too, in :mod:`certificates.emails`.
"""

from django_tasks import task

from certificates.services import send_refresher_reminders


@task()
def send_due_refresher_reminders():
    """The daily reminder run as a task, for deployments that schedule tasks on a worker."""
    return send_refresher_reminders()
