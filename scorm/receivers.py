"""Signal receivers of ``scorm``: its part in the privacy tools of ``learners`` (below it)."""

from django.dispatch import receiver

from learners.signals import collect_learner_data, learner_erasing
from scorm.services import forget_lms_learner, lms_learner_for_export


@receiver(collect_learner_data, dispatch_uid="scorm-export-learner-data")
def export_lms_learner(sender, user, **kwargs):
    """Which LMS sent the learner, and their id there (only for accounts made by a launch)."""
    return {"scorm_dispatch": lms_learner_for_export(user)}


@receiver(learner_erasing, dispatch_uid="scorm-erase-learner")
def erase_lms_learner(sender, user, **kwargs):
    """The LMS learner id identifies the person: it goes (the enrolment and scores stay)."""
    forget_lms_learner(user)
