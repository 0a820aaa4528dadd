"""
The one write path for certificates.

* :func:`issue_certificate` – called when ``module_completed`` arrives; idempotent: of any number
  of calls for one learner, module and cycle, exactly one certificate counts (a conditional
  unique constraint decides between racing requests on SQLite and PostgreSQL alike).
* :func:`revoke_certificate` and :func:`reissue_certificate` – training managers' corrections;
  nothing is ever deleted.
* :func:`send_refresher_reminders` – the daily job: each dated reminder once, to active accounts
  whose certificate is still their newest for that module.
* :func:`request_pathway_refresher` – after a significant referral pathway change, ask the
  learners certified on an earlier version to take a refresher.
* :func:`erase_learner_certificates` – when a learner's data is erased.

Emails and the drawing of the PDF (:mod:`certificates.documents`) are queued with
``django-tasks`` after the transaction commits, so a slow mail server or a PDF being drawn never
slows a learner's request and a rolled-back issue never sends an email.
"""

import datetime
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import documents, emails
from certificates.languages import language_for, module_title_in
from certificates.models import (
    Certificate,
    RefresherReminder,
    ReminderKind,
    RevocationReason,
)
from certificates.models.certificates import new_code, new_short_code
from certificates.models.reminders import DATED_REMINDERS
from certificates.signals import certificate_issued, certificate_revoked
from elearning import audit

logger = logging.getLogger(__name__)

__all__ = [
    "CertificateError",
    "erase_learner_certificates",
    "issue_certificate",
    "learner_name_for",
    "reissue_certificate",
    "request_pathway_refresher",
    "revoke_certificate",
    "send_refresher_reminders",
]

_CODE_ATTEMPTS = 5


class CertificateError(Exception):
    """A correction that cannot be made (the message says why, in words for the user)."""


def learner_name_for(user):
    """The name as it should appear: the profile's display name, the full name or the username."""
    profile = getattr(user, "learner_profile", None)
    display_name = getattr(profile, "display_name", "") if profile is not None else ""
    return (display_name or user.get_full_name() or user.get_username()).strip()[:200]


def _score_for(enrolment, module):
    """The best passed score of each of the module's quizzes in this cycle, averaged."""
    from modules.models import QuizPage
    from quizzes.models import QuizAttempt

    quiz_ids = list(QuizPage.objects.child_of(module).values_list("id", flat=True))
    if not quiz_ids:
        return None
    best = (
        QuizAttempt.objects.passed()
        .filter(user_id=enrolment.user_id, quiz_id__in=quiz_ids, cycle=enrolment.cycle)
        .values("quiz_id")
        .annotate(best=Max("score"))
    )
    scores = [row["best"] for row in best if row["best"] is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))


def _pathway_versions():
    """Key, title, published version and date of each live referral pathway, default language."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    from pathways.models import ReferralPathway

    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return [
        {
            "key": key,
            "title": title,
            "version": version,
            # The date the learner can match with the pathway they were shown.
            "published_on": published_at.date().isoformat() if published_at else "",
        }
        for key, title, version, published_at in ReferralPathway.objects.live()
        .filter(locale__language_code=default)
        .order_by("sort_order", "title")
        .values_list("key", "title", "published_version", "last_published_at")
    ]


def _create_with_fresh_codes(*, existing=None, **fields):
    """Create a certificate with new codes; return None if ``existing`` turns up meanwhile.

    Both codes are unique in the database. A clash of random codes is astronomically rare, but
    if the insert fails and no certificate in ``existing`` explains it, new codes are drawn.
    """
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    code=new_code(), short_code=new_short_code(), **fields
                )
        except IntegrityError:
            if existing is not None and existing.exists():
                return None
    raise RuntimeError("Could not draw an unused certificate code")


def issue_certificate(*, enrolment, module=None, user=None, learner_name=None, issued_at=None):
    """Issue the certificate for a completed enrolment; return ``(certificate, created)``.

    Safe to call any number of times: a second call returns the certificate that already counts
    for that learner, module and cycle.
    """
    module = module or enrolment.module
    if enrolment.completed_at is None:
        raise CertificateError(_("The enrolment is not completed."))
    existing = Certificate.objects.not_revoked().filter(
        user_id=enrolment.user_id, module=module, cycle=enrolment.cycle
    )
    certificate = existing.first()
    if certificate is not None:
        return certificate, False
    learner = user or enrolment.user
    fields = {
        "user_id": enrolment.user_id,
        "enrolment": enrolment,
        "module": module,
        "cycle": enrolment.cycle,
        "learner_name": learner_name or learner_name_for(learner),
        # The title in the learner's language, frozen like their name (certificates.languages).
        "module_title": (
            module_title_in(module, language_for(learner)) if module else enrolment.module_title
        )[:255],
        "issued_at": issued_at or enrolment.completed_at,
        "expires_on": enrolment.valid_until,
        "score": _score_for(enrolment, module) if module else None,
        "pathway_versions": _pathway_versions(),
    }
    certificate = _create_with_fresh_codes(existing=existing, **fields)
    if certificate is None:
        # Someone else issued it at the same moment: theirs counts.
        return existing.first(), False
    certificate_issued.send(sender=Certificate, certificate=certificate)
    _after_commit_email("send_certificate_issued_email", certificate.pk)
    documents.queue_drawing(certificate.pk)
    return certificate, True


@transaction.atomic
def revoke_certificate(*, certificate, by, reason, note="", log=True):
    """Revoke a certificate that counts, keeping who, when and why. Returns the certificate.

    The audit log records it (``protect.revoke_certificate``), except for a reissue, which
    records itself.
    """
    if reason not in RevocationReason.values:
        raise CertificateError(_("Choose a reason for revoking the certificate."))
    now = timezone.now()
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by, revocation_reason=reason, revocation_note=note
    )
    if not updated:
        raise CertificateError(_("This certificate has already been revoked."))
    certificate.refresh_from_db()
    certificate_revoked.send(sender=Certificate, certificate=certificate)
    if log:
        audit.record(
            certificate,
            "protect.revoke_certificate",
            user=by,
            data={"reason": reason, "code": certificate.short_code},
            label=_audit_label(certificate),
        )
    return certificate


def _audit_label(certificate):
    """A certificate in the audit log: its code and module, without the learner's name."""
    return f"{certificate.short_code} – {certificate.module_title}"


@transaction.atomic
def reissue_certificate(*, certificate, by, learner_name, reason):
    """Replace a certificate with a corrected one (a new name and new codes).

    The old certificate is revoked as "replaced" and points at the new one; both stay. The new
    certificate keeps the old one's module, cycle, dates, score and pathway versions. A reason
    is required; the audit log records who changed which name to which, and why
    (``protect.reissue_certificate``, on both certificates), and the public check page of the
    new certificate says that it replaced an earlier one.
    """
    learner_name = (learner_name or "").strip()
    reason = (reason or "").strip()
    if not learner_name:
        raise CertificateError(_("Enter the name as it should appear on the certificate."))
    if not reason:
        raise CertificateError(_("Say why the certificate is reissued."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateError(_("Only a certificate that has not been revoked can be reissued."))
    revoke_certificate(
        certificate=locked, by=by, reason=RevocationReason.REPLACED, note=reason, log=False
    )
    replacement = _create_with_fresh_codes(
        user_id=locked.user_id,
        enrolment_id=locked.enrolment_id,
        module_id=locked.module_id,
        cycle=locked.cycle,
        learner_name=learner_name[:200],
        module_title=locked.module_title,
        issued_at=locked.issued_at,
        expires_on=locked.expires_on,
        score=locked.score,
        pathway_versions=locked.pathway_versions,
    )
    Certificate.objects.filter(pk=locked.pk).update(replaced_by=replacement)
    certificate.refresh_from_db()
    change = {
        "old_name": locked.learner_name,
        "new_name": replacement.learner_name,
        "reason": reason,
        "replaced": locked.short_code,
        "replacement": replacement.short_code,
    }
    for subject in (locked, replacement):
        audit.record(
            subject,
            "protect.reissue_certificate",
            user=by,
            data=change,
            label=_audit_label(subject),
        )
    _after_commit_email("send_certificate_issued_email", replacement.pk)
    documents.queue_drawing(replacement.pk)
    return replacement


def _newest_per_learner_module(certificates):
    """Keep only certificates that are their holder's newest for that module."""
    newest = {}
    for certificate in certificates:
        key = (certificate.user_id, certificate.module_id)
        if key not in newest or certificate.cycle > newest[key].cycle:
            newest[key] = certificate
    return {c.pk for c in newest.values()}


def due_dated_reminders(today=None):
    """``[(certificate, kind)]`` for the dated reminders due on ``today`` and not yet sent.

    A reminder is due from its day on, so a day the job did not run is caught up the next day;
    only the latest reminder due is sent (nobody gets "30 days left" after the expiry).
    A certificate counts only while it is its holder's newest for the module (a refresher
    already started or finished means no reminders) and its holder's account is active, and
    only to a holder who has not turned refresher reminders off on their account page.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(days for _kind, days in DATED_REMINDERS))
    candidates = list(
        Certificate.objects.not_revoked()
        .filter(expires_on__isnull=False, expires_on__lte=horizon, user__is_active=True)
        .exclude(user__learner_profile__refresher_reminders=False)
        .select_related("user", "enrolment")
    )
    if not candidates:
        return []
    # A newer cycle begun (even unfinished) means the learner is already refreshing.
    from modules.models import Enrolment

    latest_cycle = {
        (user_id, module_id): latest
        for user_id, module_id, latest in Enrolment.objects.filter(
            user_id__in={c.user_id for c in candidates},
            module_id__in={c.module_id for c in candidates},
        )
        .values("user_id", "module_id")
        .annotate(latest=Max("cycle"))
        .values_list("user_id", "module_id", "latest")
    }
    sent = set(
        RefresherReminder.objects.filter(certificate__in=candidates)
        .exclude(kind=ReminderKind.PATHWAY_CHANGE)
        .values_list("certificate_id", "kind")
    )
    newest = _newest_per_learner_module(candidates)
    due = []
    for certificate in candidates:
        if certificate.pk not in newest:
            continue
        if latest_cycle.get((certificate.user_id, certificate.module_id), 0) > certificate.cycle:
            continue
        if not certificate.user.email:
            continue
        days_left = (certificate.expires_on - today).days
        latest_due = None
        for kind, days_before in DATED_REMINDERS:
            if days_left <= days_before:
                latest_due = kind
        if latest_due is not None and (certificate.pk, latest_due) not in sent:
            due.append((certificate, latest_due))
    return due


def send_refresher_reminders(today=None):
    """Record and queue every dated reminder due on ``today``; return how many were queued.

    Running it twice on the same day (or on two servers at once) sends nothing twice: the
    reminder row is written first, under a uniqueness rule, and only its writer queues the email.
    """
    count = 0
    for certificate, kind in due_dated_reminders(today):
        try:
            with transaction.atomic():
                reminder = RefresherReminder.objects.create(certificate=certificate, kind=kind)
                _after_commit_email("send_refresher_reminder_email", reminder.pk)
        except IntegrityError:
            continue
        count += 1
    return count


def current_newest_certificates():
    """Each active learner's newest current certificate per module (a refresher renews it)."""
    certificates = list(
        Certificate.objects.current()
        .filter(user__is_active=True)
        .select_related("user", "enrolment")
    )
    newest = _newest_per_learner_module(certificates)
    return [c for c in certificates if c.pk in newest]


def certificates_trained_on_earlier_version(pathway_change, certificates=None):
    """Current certificates whose holder was trained on a version before ``pathway_change``.

    Only a learner's newest certificate per module counts: someone who already refreshed on the
    new version is not asked again because an older certificate is still current. Pass
    ``certificates`` (from :func:`current_newest_certificates`) to reuse one load for many changes.
    """
    if certificates is None:
        certificates = current_newest_certificates()
    key = pathway_change.pathway.key
    return [
        certificate
        for certificate in certificates
        if {item.get("key"): item.get("version", 0) for item in certificate.pathway_versions}.get(
            key, 0
        )
        < pathway_change.version
    ]


def request_pathway_refresher(*, pathway_change, reason):
    """Ask everyone certified on an earlier version of the pathway to take a refresher.

    Marks their enrolments as needing a refresher (``modules`` shows "Refresher due") and sends
    each a reminder with ``reason``, once per pathway change. Returns how many were asked.
    """
    from modules.services import request_refresher

    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why learners should take a refresher."))
    if not pathway_change.significant:
        raise CertificateError(_("Only a change marked as significant can ask for refreshers."))
    count = 0
    for certificate in certificates_trained_on_earlier_version(pathway_change):
        try:
            with transaction.atomic():
                reminder = RefresherReminder.objects.create(
                    certificate=certificate,
                    kind=ReminderKind.PATHWAY_CHANGE,
                    pathway_change=pathway_change,
                    reason=reason[:500],
                )
                if certificate.enrolment is not None:
                    request_refresher(enrolments=[certificate.enrolment], reason=reason)
                _after_commit_email("send_refresher_reminder_email", reminder.pk)
        except IntegrityError:
            continue
        count += 1
    return count


def erase_learner_certificates(*, user, erased_by=None):
    """Revoke a learner's certificates with reason "erased" and remove the name they carry."""
    now = timezone.now()
    Certificate.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now,
        revoked_by=erased_by,
        revocation_reason=RevocationReason.ERASED,
    )
    Certificate.objects.filter(user=user).update(learner_name="Erased learner", revocation_note="")
    RefresherReminder.objects.filter(certificate__user=user).update(reason="")
    # The stored PDFs carry the name: deleted with their files.
    documents.forget_drawings(Certificate.objects.filter(user=user))
    # The audit entries about these certificates stay, without the names (elearning.audit).
    audit.forget_names(Certificate.objects.filter(user=user))


def _after_commit_email(task_name, pk):
    task = getattr(emails, task_name)
    transaction.on_commit(lambda: task.enqueue(pk))
