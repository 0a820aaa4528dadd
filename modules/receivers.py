"""Signal receivers of ``modules``: it listens to the quiz engine below it."""

from django.dispatch import receiver

from quizzes.signals import attempt_graded


@receiver(attempt_graded, dispatch_uid="modules-complete-after-quiz")
def complete_module_after_passing_quiz(sender, attempt, **kwargs):
    from modules.services import record_graded_attempt

    record_graded_attempt(attempt=attempt)
