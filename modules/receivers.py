"""Signal receivers of ``modules``: it listens to the quiz engine and to ``learners`` below it."""

from django.dispatch import receiver

from learners.signals import collect_learner_data, learner_erasing, learner_record_sections
from modules.learner_data import (
    enrolment_record_section,
    enrolments_for_export,
    forget_enrolment_notes,
)
from modules.services import record_graded_attempt
from quizzes.signals import attempt_graded


@receiver(attempt_graded, dispatch_uid="modules-complete-after-quiz")
def complete_module_after_passing_quiz(sender, attempt, **kwargs):
    record_graded_attempt(attempt=attempt)


# Its part in the privacy tools and the learner record of ``learners`` (below it) ---------------


@receiver(collect_learner_data, dispatch_uid="modules-export-learner-data")
def export_enrolments(sender, user, **kwargs):
    """Every cycle through every module, with the lessons completed in it."""
    return {"enrolments": enrolments_for_export(user)}


@receiver(learner_erasing, dispatch_uid="modules-erase-learner")
def erase_enrolment_notes(sender, user, **kwargs):
    """Enrolments and lesson progress stay (anonymous completion counts); notes about the
    learner written by others go."""
    return forget_enrolment_notes(user)


@receiver(learner_record_sections, dispatch_uid="modules-learner-record")
def enrolments_section(sender, user, **kwargs):
    return enrolment_record_section(user)
