"""Signal receivers of ``modules``: it listens to the quiz engine and to ``learners`` below it."""

from django.dispatch import receiver

from learners.signals import collect_learner_data, learner_erasing, learner_record_sections
from quizzes.signals import attempt_graded


@receiver(attempt_graded, dispatch_uid="modules-complete-after-quiz")
def complete_module_after_passing_quiz(sender, attempt, **kwargs):
    from modules.services import record_graded_attempt

    record_graded_attempt(attempt=attempt)


# Its part in the privacy tools and the learner record of ``learners`` (below it) ---------------


@receiver(collect_learner_data, dispatch_uid="modules-export-learner-data")
def export_enrolments(sender, user, **kwargs):
    """Every cycle through every module, with the lessons completed in it."""
    from modules.learner_data import enrolments_for_export

    return {"enrolments": enrolments_for_export(user)}


@receiver(learner_erasing, dispatch_uid="modules-erase-learner")
def erase_enrolment_notes(sender, user, **kwargs):
    """Enrolments and lesson progress stay (anonymous completion counts); notes about the
    learner written by others go."""
    from modules.learner_data import forget_enrolment_notes

    return forget_enrolment_notes(user)


@receiver(learner_record_sections, dispatch_uid="modules-learner-record")
def enrolments_section(sender, user, **kwargs):
    from modules.learner_data import enrolment_record_section

    return enrolment_record_section(user)
