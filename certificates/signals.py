"""
Signals that ``certificates`` sends upwards.

``certificate_issued`` is sent once per certificate, by
:func:`certificates.services.issue_certificate`, when it creates one (not when a call finds the
certificate already issued). Arguments: ``sender`` (the ``Certificate`` class), ``certificate``.

``certificate_revoked`` is sent by :func:`certificates.services.revoke_certificate` after a
certificate's revocation is recorded (a reissue revokes the old one and issues a new one, so
both signals are sent). Arguments: ``sender`` (the ``Certificate`` class), ``certificate``.

Both are sent inside the transaction that writes the certificate: a receiver that talks to other
systems should defer that with ``transaction.on_commit``.
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_revoked = Signal()
