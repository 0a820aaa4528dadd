"""
Reading the frozen question snapshots of attempts in the database.

An attempt stores every question as presented in one JSON list (``QuizAttempt.questions``) and
each response points at its question by position. Reports need the snapshot a response was
graded against, not the whole list: :class:`ResponseSnapshot` picks element ``position`` out of
the attempt's list in SQL, so only that question's snapshot crosses the wire.
"""

from django.db import NotSupportedError
from django.db.models import F, Func, JSONField


class ResponseSnapshot(Func):
    """``attempt.questions[position]`` of a ``QuestionResponse`` row, as JSON."""

    output_field = JSONField()

    def __init__(self, questions="attempt__questions", position="position", **extra):
        super().__init__(F(questions), F(position), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        questions, position = self.get_source_expressions()
        questions_sql, questions_params = compiler.compile(questions)
        position_sql, position_params = compiler.compile(position)
        params = (*questions_params, *position_params)
        if connection.vendor == "postgresql":
            return f"({questions_sql} -> ({position_sql})::integer)", params
        if connection.vendor == "sqlite":
            return f"JSON_EXTRACT({questions_sql}, '$[' || {position_sql} || ']')", params
        raise NotSupportedError("Reports read snapshots on PostgreSQL and SQLite only.")
