"""
Signals that ``quizzes`` sends upwards.

``attempt_graded`` is sent once per attempt, inside the transaction that grades it. Arguments:
``sender`` (the ``QuizAttempt`` class), ``attempt`` (score, passed, cycle and quiz id set) and
``user``. ``modules`` listens to decide whether the module is now complete.
"""

from django.dispatch import Signal

attempt_graded = Signal()
