"""
Signals that ``modules`` sends upwards.

``module_completed`` is sent exactly once per enrolment (a learner's cycle through a module), when
:func:`modules.services.complete_module_if_requirements_met` records the completion. Arguments:
``sender`` (the ``Enrolment`` class), ``enrolment``, ``user``, ``module`` (the specific page) and
``completed_at``. It is sent inside the transaction that records the completion: a receiver that
sends email or talks to other systems should defer that with ``transaction.on_commit``.

``lesson_completed`` is sent by :func:`modules.services.mark_lesson_complete` the first time a
learner completes a lesson in a cycle, inside its transaction. Arguments: ``sender`` (the
``LessonProgress`` class), ``user``, ``lesson`` (the source-language page), ``enrolment``.

``lesson_viewed`` is sent when a signed-in learner is served a lesson page (a GET answered
200 by :meth:`modules.models.LearnerPage.serve`). Arguments: ``sender`` (the ``LessonPage``
class), ``user``, ``lesson`` (the page served, perhaps a translation). It is sent for every view:
a receiver that records it should make repeated views idempotent.
"""

from django.dispatch import Signal

module_completed = Signal()
lesson_completed = Signal()
lesson_viewed = Signal()
