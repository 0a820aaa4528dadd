"""
Background sending of xAPI statements (``django-tasks``); see :mod:`xapi.services`.

A failed send is queued again after :func:`xapi.services.retry_delay` where the task backend can
run work later (the database backend in production); with a backend that cannot (the immediate
backend of a laptop install and the tests), ``manage.py send_xapi_statements`` is the retry.
"""

from django_tasks import task

from xapi.services import send_statement


@task()
def send_statement_task(statement_id):
    """Send one recorded statement to the LRS; queue the next try if it failed."""
    outcome = send_statement(statement_id)
    if outcome.retry_at is not None and send_statement_task.get_backend().supports_defer:
        send_statement_task.using(run_after=outcome.retry_at).enqueue(statement_id)
    return outcome.status
