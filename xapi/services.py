"""
The one write path for xAPI statements: record one, send one, send what is due, forget a learner.

Recording happens inside the transaction of what the learner did (the signal receivers run
there and queue the task for after it commits); sending happens from that task
(:mod:`xapi.tasks`), and again from ``send_xapi_statements`` for anything a failure left behind.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xapi import lrs
from xapi.models import LearnerAgent, Statement, StatementStatus
from xapi.statements import activity_base, actor_for, build_statement

__all__ = [
    "forget_learner",
    "is_erased",
    "record_statement",
    "retry_delay",
    "send_due_statements",
    "send_statement",
    "SendOutcome",
]


@dataclass(frozen=True)
class SendOutcome:
    """What one try at sending came to: the status after it, and when to try again (if ever)."""

    status: str
    retry_at: datetime.datetime | None = None


def is_erased(user):
    profile = getattr(user, "learner_profile", None)
    return profile is not None and profile.erased_at is not None


def record_statement(*, user, id, verb, object, result=None, context=None, timestamp=None):
    """Record a statement for ``user``; return ``(row, created)``, or ``(None, False)``.

    Nothing is recorded when no LRS is configured or the learner's data has been erased. The
    same ``id`` recorded twice returns the first row unchanged (``created`` False): the caller
    queues the sending task only for a new row.
    """
    if not lrs.is_configured() or user is None or is_erased(user):
        return None, False
    base = activity_base()
    payload = build_statement(
        id=id,
        actor=actor_for(user, base),
        verb=verb,
        object=object,
        result=result,
        context=context,
        timestamp=timestamp,
    )
    statement, created = Statement.objects.get_or_create(
        id=id,
        defaults={"user": user, "verb": verb, "activity_id": object["id"], "payload": payload},
    )
    return statement, created


def retry_delay(attempts):
    """How long to wait after ``attempts`` failures: 1, 2, 4, ... minutes, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def send_statement(statement_id, *, now=None):
    """Try to send one pending statement; return a :class:`SendOutcome`.

    A learner erased since it was recorded: the statement is deleted, never sent. A failure
    counts an attempt and keeps the error; after ``XAPI_MAX_ATTEMPTS`` the statement is marked
    failed (the admin listing shows it, ``send_xapi_statements --retry-failed`` tries again).
    """
    now = now or timezone.now()
    with transaction.atomic():
        statement = (
            Statement.objects.select_for_update(of=("self",))
            .select_related("user__learner_profile")
            .filter(pk=statement_id)
            .first()
        )
        if statement is None:
            return SendOutcome("dropped")
        if statement.status != StatementStatus.PENDING:
            return SendOutcome(statement.status)
        if statement.user is not None and is_erased(statement.user):
            statement.delete()
            return SendOutcome("dropped")
        try:
            lrs.put_statement(statement.payload)
        except lrs.LRSError as error:
            statement.attempts += 1
            statement.last_error = str(error)[:2000]
            statement.last_attempt_at = now
            if statement.attempts >= settings.XAPI_MAX_ATTEMPTS:
                statement.status = StatementStatus.FAILED
            statement.save(update_fields=["attempts", "last_error", "last_attempt_at", "status"])
            if statement.status == StatementStatus.PENDING:
                return SendOutcome(statement.status, now + retry_delay(statement.attempts))
            return SendOutcome(statement.status)
        statement.attempts += 1
        statement.status = StatementStatus.SENT
        statement.sent_at = now
        statement.last_attempt_at = now
        statement.last_error = ""
        statement.save(
            update_fields=["attempts", "status", "sent_at", "last_attempt_at", "last_error"]
        )
        return SendOutcome(statement.status)


def send_due_statements(*, retry_failed=False, now=None):
    """Send every statement still due (the retry sweep); return ``{status: count}``."""
    if retry_failed:
        Statement.objects.filter(status=StatementStatus.FAILED).update(
            status=StatementStatus.PENDING, attempts=0
        )
    counts = {}
    ids = list(Statement.objects.due(settings.XAPI_MAX_ATTEMPTS).values_list("pk", flat=True))
    for statement_id in ids:
        status = send_statement(statement_id, now=now).status
        counts[status] = counts.get(status, 0) + 1
    return counts


@transaction.atomic
def forget_learner(*, user):
    """For erasure: drop the learner's unsent statements and their LRS id; return counts.

    Statements already sent stay as the record of what left the platform, detached from the
    account (they carry only the opaque id, which is deleted here, so nothing links them back).
    """
    dropped, _ = Statement.objects.filter(user=user).exclude(status=StatementStatus.SENT).delete()
    Statement.objects.filter(user=user).update(user=None)
    LearnerAgent.objects.filter(user=user).delete()
    return {"xapi_statements_dropped": dropped}
