"""
A learner's training record on one admin page, assembled from the apps that hold it.

``learners`` sits below ``modules``, ``quizzes`` and ``certificates``, so it cannot read their
models. The record page sends :data:`learners.signals.learner_record_sections`; each app answers
with one or more :class:`LearnerRecordSection` objects that say what to show and how.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from learners.signals import learner_record_sections


@dataclass
class LearnerRecordSection:
    """One part of a learner's record page.

    ``template_name`` is rendered with ``section`` in its context (use ``section.context``);
    sections are shown by ``order``, then ``title``.
    """

    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    order: int = 100


def record_sections(user):
    """Every section the apps above offer for ``user``, in display order."""
    sections = []
    for _receiver, result in learner_record_sections.send(sender=get_user_model(), user=user):
        if result is None:
            continue
        sections.extend(result if isinstance(result, list | tuple) else [result])
    return sorted(sections, key=lambda s: (s.order, str(s.title)))
