"""
Signals that ``learners`` sends upwards, so that apps above it can add what they hold about a
learner without ``learners`` importing them (DESIGN.md: signals go up, imports go down).

Every signal is sent with ``sender`` = the user model class (``get_user_model()``) and
``user`` = the learner's account. Connect receivers in your app's ``receivers.py`` (imported by
its ``AppConfig.ready``) with a ``dispatch_uid``.

``collect_learner_data``
    Sent by :func:`learners.services.export_learner_data`. Each receiver returns a dict
    ``{section_name: data}`` (or ``None`` / ``{}`` when it holds nothing). ``data`` must be
    serialisable by :class:`django.core.serializers.json.DjangoJSONEncoder` (dicts, lists,
    strings, numbers, booleans, ``None``, datetimes, dates, ``Decimal``, ``UUID``). Section names
    are unique across apps (``"enrolments"``, ``"quiz_attempts"``, ``"certificates"``, ...); a
    clash is a programming error and raises. Give *everything* your app holds about the learner,
    including free text they wrote and notes others wrote about them: this is the learner's
    subject access export.

``learner_erasing``
    Sent by :func:`learners.services.erase_learner` inside the erasure's
    ``transaction.atomic()``, *before* the account's own personal data (names, email, username,
    profile) is wiped, so a receiver may still read them (for instance to find a frozen name).
    Extra arguments: ``erased_by`` (the manager, or ``None`` from the command line) and ``now``.
    Each receiver deletes or anonymises what its app holds: delete free text and anything that
    identifies the person; keep rows that anonymous aggregates count (scores, completions), still
    pointing at the kept, anonymised account. A receiver may return a dict of counts
    (``{"certificates_revoked": 2}``) that is stored on the :class:`~learners.models.ErasureRecord`;
    counts only, never personal data. An exception aborts the whole erasure (nothing is changed).
    Erasure cannot be undone, so receivers must not keep a copy of what they remove.

``learner_record_sections``
    Sent by the admin's learner record page (:mod:`learners.views`). Each receiver returns a
    :class:`learners.record.LearnerRecordSection` (or a list of them, or ``None``): a heading, a
    template and its context. Keep each receiver to a fixed number of queries, whatever the
    learner's history.
"""

from django.dispatch import Signal

collect_learner_data = Signal()
learner_erasing = Signal()
learner_record_sections = Signal()
