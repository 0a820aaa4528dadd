"""
The assessment engine: a question bank, attempts, grading and snapshots.

Definitions live apart from records. The bank (:mod:`quizzes.models.questions`) holds polymorphic
questions, each type with its own grading. A quiz (a page in ``modules``) hands the engine a
:class:`quizzes.services.QuizDefinition`; :func:`quizzes.services.start_attempt` freezes the
questions as presented, learners save responses, and :func:`quizzes.services.submit_attempt`
grades exactly once and sends :data:`quizzes.signals.attempt_graded` upwards.
"""
