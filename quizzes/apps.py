from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from elearning.freshness import register_learner_records
        from quizzes import receivers  # noqa: F401  (its part in learners' export and erasure)
        from quizzes.models import QuestionResponse, QuizAttempt, TimeAllowance

        # A learner's own writes to these make only their own cached pages stale.
        register_learner_records(QuizAttempt, QuestionResponse, TimeAllowance)
