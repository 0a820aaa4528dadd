"""
xAPI: the platform's learning records sent to the organisation's Learning Record Store (LRS).

When ``XAPI_LRS_ENDPOINT`` is set, the receivers in :mod:`xapi.receivers` turn what learners do
(signals sent by ``modules``, ``quizzes`` and ``certificates``) into xAPI statements:

========================== ==========================================================
what happened              verb
========================== ==========================================================
lesson opened              ``experienced`` (at most one per learner, lesson and day)
lesson completed           ``completed``
question answered          ``answered`` (each saved answer)
scenario decision taken    ``decided``, with the referral pathway step it stands for
quiz graded                ``passed`` or ``failed``, with the score
certificate issued         ``earned``
certificate revoked        ``revoked``
========================== ==========================================================

Each statement is written first as a :class:`xapi.models.Statement` row (the record of what is
sent: id, verb, attempts, last error, when it was sent), then posted by a django-tasks task
(:mod:`xapi.tasks`) after the transaction commits. A failed post is retried: by the task itself
where the task backend can defer work, and by ``manage.py send_xapi_statements`` (run it from
cron) everywhere. Statement ids are deterministic, so a retry or a repeated signal never makes a
second statement in the LRS.

Privacy: the actor is an ``account`` (``homePage`` = the site, ``name`` = a random id kept in
:class:`xapi.models.LearnerAgent`), never the email or the name. Nothing is recorded or sent for a
learner whose data has been erased, and erasure drops their queued statements.
"""
