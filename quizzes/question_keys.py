"""
A question's technical key: a stable name derived from its title.

Imports, module packages and the default content find a question by its key, so every question
gets one, unique in the bank: the title slugified ("Who can refer into the NRM?" becomes
``who-can-refer-into-the-nrm``), with ``-2``, ``-3``... when that is taken. Trainers never have
to type it; the question form fills it in when it is empty and keeps it when the title changes
later (it is an identifier, not a label), and shows it only on request.
"""

from django.utils.text import slugify

from quizzes.models import Question

__all__ = ["KEY_MAX_LENGTH", "unique_question_key"]

KEY_MAX_LENGTH = Question._meta.get_field("key").max_length


def unique_question_key(title, *, exclude_pk=None):
    """A key from ``title`` that no other question (but ``exclude_pk``) uses."""
    base = slugify(title or "")[:KEY_MAX_LENGTH].strip("-") or "question"
    taken = Question.objects.non_polymorphic().filter(key__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("key", flat=True))
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = f"{base[: KEY_MAX_LENGTH - len(suffix)]}{suffix}", number + 1
    return candidate
