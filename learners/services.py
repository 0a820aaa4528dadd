"""
The one write path for learners: accounts and roles, deactivation, invitations, and the privacy
tools (export of everything held about a learner, erasure).

Admin views and management commands call these functions; nothing else writes profiles or role
groups. Each multi-model write is atomic. Export and erasure reach the apps above this one
through the signals in :mod:`learners.signals`.
"""

import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from elearning import audit
from learners.access import refusal_to_manage
from learners.invitations import send_invitation_email
from learners.models import ErasureRecord, ExclusionReason, LearnerProfile
from learners.notices import send_email_changed_notice, send_two_factor_off_notice
from learners.roles import Role, groups_for_role
from learners.signals import collect_learner_data, learner_erasing

__all__ = [
    "EXPORT_FORMAT",
    "LearnerError",
    "LearnerExists",
    "assign_role",
    "change_own_email",
    "create_learner",
    "deactivate_learner",
    "ensure_profile",
    "erase_learner",
    "exclude_from_reports",
    "export_learner_data",
    "export_learner_json",
    "include_in_reports",
    "invite_learner",
    "reactivate_learner",
    "update_own_settings",
    "update_profile",
]

logger = logging.getLogger("learners.privacy")

#: Names the export's shape, so that a reader knows what it holds.
EXPORT_FORMAT = "protect-training-learner-data"
EXPORT_VERSION = 1

ROLE_GROUP_NAMES = {role.group_name for role in Role}


class LearnerError(Exception):
    """A request the learners app refuses; ``str(error)`` is a message for a manager."""


class LearnerExists(LearnerError):
    pass


def ensure_profile(user):
    """The learner's profile, created if an old account has none."""
    profile, _created = LearnerProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def assign_role(*, user, role, by=None):
    """Give ``user`` exactly the role groups of ``role``; other groups stay as they are.

    The profile's ``role`` follows (see :mod:`learners.receivers`). A change of an existing
    learner's role is written to the audit log (``protect.change_role``), with ``by`` as the
    account that made it.
    """
    profile = ensure_profile(user)
    before = profile.role
    wanted = Group.objects.filter(name__in=groups_for_role(role))
    unwanted = user.groups.filter(name__in=ROLE_GROUP_NAMES).exclude(pk__in=wanted)
    user.groups.remove(*unwanted)
    user.groups.add(*wanted)
    profile.refresh_from_db(fields=["role"])
    if before and before != profile.role:
        audit.record(
            profile,
            "protect.change_role",
            user=by,
            data={"from": before, "to": profile.role},
            label=_audit_label(profile),
        )
    return profile


def _audit_label(profile):
    """A learner in the audit log: name and account number (the name goes at erasure)."""
    return f"{profile.name} (account {profile.user_id})"


def create_learner(*, email, name, role, region="", team="", imported=False, invite=True, now=None):
    """Create an active learner who signs in with ``email``; they choose their password.

    ``email`` is the identity: raises :class:`LearnerExists` when an account already has that
    email or username (case ignored), so creating twice creates once. With ``invite``, the
    invitation email is sent once the transaction commits.
    """
    now = now or timezone.now()
    User = get_user_model()
    email = email.strip().lower()
    if find_account_by_email(email) is not None:
        raise LearnerExists(_("An account with this email already exists."))
    try:
        with transaction.atomic():
            user = User(username=email, email=email, first_name=name[:150], is_active=True)
            user.set_unusable_password()
            user.save()
            assign_role(user=user, role=role)
            LearnerProfile.objects.filter(user=user).update(
                region=region, team=team, imported_at=now if imported else None
            )
            if invite:
                invite_learner(user=user, now=now)
    except IntegrityError as error:
        # The same email arrived twice at once (two imports): the other one created it.
        raise LearnerExists(_("An account with this email already exists.")) from error
    return user


def find_account_by_email(email):
    """The account whose email or username is ``email`` (case ignored), or None."""
    User = get_user_model()
    return User.objects.filter(
        Q(email__iexact=email) | Q(**{f"{User.USERNAME_FIELD}__iexact": email})
    ).first()


@transaction.atomic
def update_profile(*, profile, display_name, region, team, preferred_language, role=None, by=None):
    """Change a learner's profile (and role, through :func:`assign_role`, when given)."""
    profile.display_name = display_name.strip()
    profile.region = region.strip()
    profile.team = team.strip()
    profile.preferred_language = preferred_language
    profile.save(update_fields=["display_name", "region", "team", "preferred_language"])
    if role:
        # Always through the groups: ``profile.role`` may already hold the new value in memory
        # (a model form sets it), while the groups do not.
        assign_role(user=profile.user, role=role, by=by)
        profile.refresh_from_db(fields=["role"])
    return profile


@transaction.atomic
def update_own_settings(*, user, display_name, preferred_language, refresher_reminders):
    """The learner's own choices from their account page; the audit log records what changed.

    Only the fields that changed are named in the entry (``protect.update_account``), never
    their values, so the log does not copy a name that an erasure would have to find.
    """
    profile = ensure_profile(user)
    wanted = {
        "display_name": display_name.strip(),
        "preferred_language": preferred_language,
        "refresher_reminders": bool(refresher_reminders),
    }
    changed = sorted(name for name, value in wanted.items() if getattr(profile, name) != value)
    if changed:
        for name in changed:
            setattr(profile, name, wanted[name])
        profile.save(update_fields=changed)
        audit.record(
            profile,
            "protect.update_account",
            user=user,
            data={"changed": changed},
            label=_audit_label(profile),
        )
    return profile


@transaction.atomic
def change_own_email(*, user, email):
    """Give ``user`` the address ``email``; raise :class:`LearnerExists` if another has it.

    An account that signs in with its email (username equal to the old address) signs in with
    the new one from now on. The caller has checked the password again.
    """
    email = email.strip().lower()
    other = find_account_by_email(email)
    if other is not None and other.pk != user.pk:
        raise LearnerExists(_("Another account uses this email address."))
    User = get_user_model()
    fields = ["email"]
    old_email = user.email
    if old_email and user.get_username().casefold() == old_email.casefold():
        setattr(user, User.USERNAME_FIELD, email)
        fields.append(User.USERNAME_FIELD)
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as error:
        raise LearnerExists(_("Another account uses this email address.")) from error
    profile = ensure_profile(user)
    audit.record(profile, "protect.change_email", user=user, label=_audit_label(profile))
    if old_email and old_email.casefold() != email.casefold():
        user_id = user.pk
        transaction.on_commit(lambda: send_email_changed_notice.enqueue(user_id, old_email, email))
    return user


def turn_off_own_two_factor(*, user):
    """Remove ``user``'s authenticator apps, so their password alone signs them in again.

    The caller has checked the password and a current code, and that the account's role does not
    require two-factor sign-in. The account's address is told (:mod:`learners.notices`).
    Returns the number of apps removed.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
        profile = ensure_profile(user)
        audit.record(profile, "protect.two_factor_off", user=user, label=_audit_label(profile))
    if removed:
        user_id = user.pk
        transaction.on_commit(lambda: send_two_factor_off_notice.enqueue(user_id))
    return removed


def _check_may_manage(actor, user):
    if actor is not None:
        reason = refusal_to_manage(actor, user)
        if reason:
            raise LearnerError(reason)


@transaction.atomic
def deactivate_learner(*, user, by=None, now=None):
    """Stop ``user`` signing in; every record is kept. Safe to call twice."""
    _check_may_manage(by, user)
    profile = ensure_profile(user)
    if profile.is_erased:
        raise LearnerError(_("This learner's data has been erased."))
    if not user.is_active:
        return profile
    user.is_active = False
    user.save(update_fields=["is_active"])
    profile.deactivated_at = now or timezone.now()
    profile.deactivated_by = by
    profile.save(update_fields=["deactivated_at", "deactivated_by"])
    return profile


@transaction.atomic
def exclude_from_reports(*, profile, reason, note="", by=None, now=None):
    """Leave ``profile`` out of the compliance and completion counts, saying why.

    The learner keeps every record and can still sign in; only the reports stop counting them.
    Who and when are kept on the profile and the change is audit-logged. Excluding an excluded
    learner again changes nothing.
    """
    if profile.is_erased:
        raise LearnerError(_("This learner's data has been erased."))
    if reason not in ExclusionReason.values:
        raise LearnerError(_("Choose why this learner should not be counted."))
    if profile.is_excluded_from_reports:
        return profile
    profile.excluded_from_reports_at = now or timezone.now()
    profile.excluded_from_reports_by = by
    profile.exclusion_reason = reason
    profile.exclusion_note = note.strip()[:255]
    profile.save(
        update_fields=[
            "excluded_from_reports_at",
            "excluded_from_reports_by",
            "exclusion_reason",
            "exclusion_note",
        ]
    )
    audit.record(
        profile,
        "protect.exclude_from_reports",
        user=by,
        label=_audit_label(profile),
        # The note stays on the profile (and goes at erasure): the log keeps only the reason.
        data={"reason": reason},
    )
    return profile


@transaction.atomic
def include_in_reports(*, profile, by=None):
    """Count ``profile`` in the reports again (undoes :func:`exclude_from_reports`)."""
    if not profile.is_excluded_from_reports:
        return profile
    reason = profile.exclusion_reason
    profile.excluded_from_reports_at = None
    profile.excluded_from_reports_by = None
    profile.exclusion_reason = ""
    profile.exclusion_note = ""
    profile.save(
        update_fields=[
            "excluded_from_reports_at",
            "excluded_from_reports_by",
            "exclusion_reason",
            "exclusion_note",
        ]
    )
    audit.record(
        profile,
        "protect.include_in_reports",
        user=by,
        label=_audit_label(profile),
        data={"previous_reason": reason},
    )
    return profile


@transaction.atomic
def reactivate_learner(*, user, by=None):
    """Let a deactivated learner sign in again. Erased accounts stay closed."""
    _check_may_manage(by, user)
    profile = ensure_profile(user)
    if profile.is_erased:
        raise LearnerError(_("This learner's data has been erased; the account cannot return."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    profile.deactivated_at = None
    profile.deactivated_by = None
    profile.save(update_fields=["deactivated_at", "deactivated_by"])
    return profile


def invite_learner(*, user, now=None):
    """Send ``user`` an invitation to choose a password, once the transaction commits.

    Refused for accounts that cannot sign in (deactivated or erased) or that have a password
    already (those use "Forgotten your password?").
    """
    profile = ensure_profile(user)
    if profile.is_erased or not user.is_active:
        raise LearnerError(_("Only active learners can be invited."))
    if user.has_usable_password():
        raise LearnerError(
            _(
                "This learner has chosen a password already; they can use 'Forgotten your "
                "password?'."
            )
        )
    if not user.email:
        raise LearnerError(_("This learner has no email address."))
    LearnerProfile.objects.filter(pk=profile.pk).update(invited_at=now or timezone.now())
    user_id = user.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(user_id))
    return profile


# Privacy ---------------------------------------------------------------------------------------


def export_learner_data(user, *, now=None):
    """Everything held about ``user``, as a dict ready for JSON (see :func:`export_learner_json`).

    The account and profile come from here; every other section from the receivers of
    :data:`learners.signals.collect_learner_data`.
    """
    profile = ensure_profile(user)
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now or timezone.now(),
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": {
            "display_name": profile.display_name,
            "name_on_certificates": profile.name,
            "region": profile.region,
            "team": profile.team,
            "role": profile.role,
            "preferred_language": profile.preferred_language,
            "created_at": profile.created_at,
            "imported_at": profile.imported_at,
            "invited_at": profile.invited_at,
            "deactivated_at": profile.deactivated_at,
            "erased_at": profile.erased_at,
        },
    }
    wagtail_profile = getattr(user, "wagtail_userprofile", None)
    if wagtail_profile is not None:
        data["admin_preferences"] = {
            "preferred_language": wagtail_profile.preferred_language,
            "current_time_zone": wagtail_profile.current_time_zone,
            "has_avatar": bool(wagtail_profile.avatar),
        }
    for receiver, sections in collect_learner_data.send(sender=type(user), user=user):
        for name, section in (sections or {}).items():
            if name in data:
                raise ValueError(f"Export section {name!r} from {receiver!r} is given twice.")
            data[name] = section
    logger.info("Exported the data held about account %s", user.pk)
    return data


def export_learner_json(user, *, now=None, by=None):
    """:func:`export_learner_data` as indented JSON text; the audit log records who took it."""
    profile = ensure_profile(user)
    audit.record(profile, "protect.export_learner", user=by, label=_audit_label(profile))
    return json.dumps(
        export_learner_data(user, now=now), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )


@transaction.atomic
def erase_learner(*, user, erased_by=None, now=None):
    """Erase ``user``'s personal data for good; return the :class:`ErasureRecord`.

    The account row stays, anonymised (``erased-<id>``, no names or email, no usable password,
    inactive, no admin rights), so anonymous aggregates still count it; region and role stay
    for the same reason. The apps above first delete or anonymise what they hold (signal
    :data:`learners.signals.learner_erasing`, sent in this transaction). It cannot be undone:
    a second call raises :class:`LearnerError`.
    """
    _check_may_manage(erased_by, user)
    now = now or timezone.now()
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    profile = ensure_profile(user)
    if profile.is_erased:
        raise LearnerError(_("This learner's data has been erased already."))

    summary = {}
    for _receiver, counts in learner_erasing.send(
        sender=User, user=user, erased_by=erased_by, now=now
    ):
        for key, count in (counts or {}).items():
            summary[key] = summary.get(key, 0) + count

    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.user_permissions.clear()
    user.groups.remove(*user.groups.exclude(name__in=ROLE_GROUP_NAMES))
    wagtail_profile = getattr(user, "wagtail_userprofile", None)
    if wagtail_profile is not None:
        wagtail_profile.delete()  # admin preferences and avatar

    profile.refresh_from_db()
    profile.display_name = ""
    profile.team = ""
    profile.preferred_language = settings.LANGUAGE_CODE
    profile.invited_at = None
    profile.exclusion_note = ""  # free text a manager wrote about the person
    profile.erased_at = now
    profile.save()

    record = ErasureRecord.objects.create(
        user=user, erased_at=now, erased_by=erased_by, summary=summary
    )
    # Every audit entry about the learner stays; the names in them go.
    audit.record(
        profile,
        "protect.erase_learner",
        user=erased_by,
        data={"account": user.pk, "summary": summary},
    )
    audit.forget_names([profile])
    logger.info("Erased the personal data of account %s", user.pk)
    return record
