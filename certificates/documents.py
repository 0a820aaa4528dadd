"""
Certificate PDFs drawn by the task worker and kept in storage (:class:`CertificateDocument`).

Drawing is queued, never done in a request:

* when a certificate is issued or reissued (:mod:`certificates.services`, after the
  transaction commits, like the email);
* when the holder changes their preferred language (:mod:`certificates.receivers`);
* when a download finds no current drawing (:func:`request_drawing`): the worker was behind,
  the organisation's certificate settings changed (every drawing is then marked stale, one
  ``UPDATE``), or the certificate predates stored drawings.

:func:`draw_certificate_pdf` draws in the holder's preferred language with the look of the
default site (the worker has no request, so no other site to ask), saves the file under a
random name in the default storage and deletes the file it replaces. Like
:mod:`certificates.emails`, this module never calls the services, so the services can queue it.
"""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from certificates.languages import language_for
from certificates.models import Certificate, CertificateDocument
from certificates.pdf import default_look, render_certificate_pdf

__all__ = [
    "draw_certificate_pdf",
    "forget_drawings",
    "mark_drawings_stale",
    "queue_drawing",
    "request_drawing",
]

#: A download does not queue the drawing again within this time: the worker has it already.
REQUEST_AGAIN_AFTER = datetime.timedelta(minutes=2)


@task()
def draw_certificate_pdf(certificate_id):
    """Draw the certificate and store it; False when there was nothing to do."""
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None:
        return False
    language = language_for(certificate.user)
    document = CertificateDocument.objects.filter(certificate=certificate).first()
    if document is not None and document.is_current(language):
        return False  # queued twice, or drawn by an earlier run
    pdf = render_certificate_pdf(certificate, default_look(), language)
    name = default_storage.save(f"certificates/pdf/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    CertificateDocument.objects.update_or_create(
        certificate=certificate,
        defaults={"file": name, "language": language, "drawn_at": timezone.now(), "stale": False},
    )
    if document is not None and document.file.name and document.file.name != name:
        default_storage.delete(document.file.name)
    return True


def queue_drawing(certificate_id):
    """Queue the drawing once the current transaction commits (the certificate exists then)."""
    transaction.on_commit(lambda: draw_certificate_pdf.enqueue(certificate_id))


def request_drawing(certificate, document=None, *, file_missing=False, now=None):
    """A download found no current drawing: queue one unless one was queued moments ago.

    ``file_missing``: the row names a file the storage no longer has; it is drawn again.
    Queued at once, not on commit: a download runs in autocommit, and the database queue's row
    is in the same database. Returns the document row, drawn already where tasks run at once.
    """
    now = now or timezone.now()
    recently = document is not None and (
        document.requested_at is not None and now - document.requested_at < REQUEST_AGAIN_AFTER
    )
    if recently:
        return document
    changes = {"requested_at": now}
    if file_missing:
        changes["stale"] = True
    CertificateDocument.objects.update_or_create(certificate=certificate, defaults=changes)
    draw_certificate_pdf.enqueue(certificate.pk)
    return CertificateDocument.objects.filter(certificate=certificate).first()


def mark_drawings_stale():
    """The organisation's certificate settings changed: every drawing is drawn again when asked."""
    return CertificateDocument.objects.filter(stale=False).update(stale=True)


def forget_drawings(certificates):
    """Delete the drawings of ``certificates`` (a queryset) and, after commit, their files."""
    documents = CertificateDocument.objects.filter(certificate__in=certificates)
    names = [name for name in documents.values_list("file", flat=True) if name]
    documents.delete()

    def delete_files():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return len(names)
