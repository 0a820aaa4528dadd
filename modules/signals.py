"""
Signals that ``modules`` sends upwards.

``module_completed`` is sent exactly once per enrolment (a learner's cycle through a module), when
:func:`modules.services.complete_module_if_requirements_met` records the completion. Arguments:
``sender`` (the ``Enrolment`` class), ``enrolment``, ``user``, ``module`` (the specific page) and
``completed_at``. It is sent inside the transaction that records the completion: a receiver that
sends email or talks to other systems should defer that with ``transaction.on_commit``.
"""

from django.dispatch import Signal

module_completed = Signal()
