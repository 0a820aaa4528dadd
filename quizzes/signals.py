"""
Signals that ``quizzes`` sends upwards.

``attempt_graded`` is sent once per attempt, inside the transaction that grades it. Arguments:
``sender`` (the ``QuizAttempt`` class), ``attempt`` (score, passed, cycle and quiz id set) and
``user``. ``modules`` listens to decide whether the module is now complete.

``response_saved`` is sent each time a learner's answer to one question of an attempt is stored
(:func:`quizzes.services.save_response`), right after the one statement that stores it: in the
caller's transaction if there is one, else once the answer is committed. Arguments:
``sender`` (the ``QuestionResponse`` class), ``attempt``, ``saved`` (the ``QuestionResponse``
row as stored), ``question`` (the question's snapshot in the attempt) and ``user``.
"""

from django.dispatch import Signal

attempt_graded = Signal()
response_saved = Signal()
