"""
The training columns and filters of the Learners listing (:mod:`learners.listing`).

For each live module, every learner's status is worked out as in the compliance report
(:func:`reports.compliance.with_records`: not started, in progress, completed, refresher due,
expired), with one more for a module the learner is not meant to take: *not required* (outside
its audience and never started). Beside it, the expiry date of the learner's newest certificate
for the module that has not been revoked.

Everything is a correlated subquery on the profile row, named ``training_<module id>_*``: a
fixed number per module, none per learner.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from learners.listing import TrainingCell, TrainingStatusSource
from modules.models import Enrolment, TrainingModulePage
from modules.overview import ModuleStatus
from modules.validity import refresher_window_days
from reports.compliance import COMPLIANCE_STATUSES

NOT_REQUIRED = "not_required"
NOT_REQUIRED_LABEL = _("Not required")


def _field(module_id, name):
    return f"training_{module_id}_{name}"


def status_expression(module, *, today):
    """The module's status for an annotated profile row (see the module docstring)."""
    prefix = f"training_{module.id}_"
    due_from = today + datetime.timedelta(days=refresher_window_days())
    return Case(
        When(
            Q(**{prefix + "started": None, prefix + "in_audience": False}),
            then=Value(NOT_REQUIRED),
        ),
        When(Q(**{prefix + "started": None}), then=Value(ModuleStatus.NOT_STARTED.value)),
        When(Q(**{prefix + "completed": None}), then=Value(ModuleStatus.IN_PROGRESS.value)),
        When(Q(**{prefix + "valid_until__lte": today}), then=Value(ModuleStatus.EXPIRED.value)),
        When(
            Q(**{prefix + "refresher__isnull": False})
            | Q(**{prefix + "valid_until__lte": due_from}),
            then=Value(ModuleStatus.REFRESHER_DUE.value),
        ),
        default=Value(ModuleStatus.COMPLETED.value),
        output_field=CharField(),
    )


class ModuleTrainingSource(TrainingStatusSource):
    """Statuses from enrolments, expiry from certificates, over the live modules."""

    def modules(self):
        return list(
            TrainingModulePage.objects.live().prefetch_related("audience").order_by("title")
        )

    def status_choices(self):
        return [(status.value, status.label) for status in COMPLIANCE_STATUSES] + [
            (NOT_REQUIRED, NOT_REQUIRED_LABEL)
        ]

    def annotate(self, profiles, modules, *, today=None):
        today = today or timezone.localdate()
        memberships = get_user_model().groups.through.objects
        for module in modules:
            newest = Enrolment.objects.filter(
                user_id=OuterRef("user_id"), module_id=module.id
            ).order_by("-cycle")
            certificate = Certificate.objects.filter(
                user_id=OuterRef("user_id"), module_id=module.id, revoked_at__isnull=True
            ).order_by("-issued_at")
            group_ids = [group.id for group in module.audience.all()]
            in_audience = (
                Exists(memberships.filter(user_id=OuterRef("user_id"), group_id__in=group_ids))
                if group_ids
                else Value(True)
            )
            profiles = profiles.annotate(
                **{
                    _field(module.id, "started"): Subquery(newest.values("started_at")[:1]),
                    _field(module.id, "completed"): Subquery(newest.values("completed_at")[:1]),
                    _field(module.id, "valid_until"): Subquery(newest.values("valid_until")[:1]),
                    _field(module.id, "refresher"): Subquery(
                        newest.values("refresher_requested_at")[:1]
                    ),
                    _field(module.id, "in_audience"): in_audience,
                    _field(module.id, "expires"): Subquery(certificate.values("expires_on")[:1]),
                }
            )
            profiles = profiles.annotate(
                **{_field(module.id, "status"): status_expression(module, today=today)}
            )
        return profiles

    def cell(self, profile, module_id, *, today=None):
        status = getattr(profile, _field(module_id, "status"), None)
        if status is None:
            return None
        label = NOT_REQUIRED_LABEL if status == NOT_REQUIRED else ModuleStatus(status).label
        expires_on = getattr(profile, _field(module_id, "expires"))
        expired = expires_on is not None and expires_on <= (today or timezone.localdate())
        return TrainingCell(
            status=status, label=str(label), expires_on=expires_on, certificate_expired=expired
        )

    def filter(
        self, profiles, modules, *, module_id=None, status="", expiring_within=None, today=None
    ):
        today = today or timezone.localdate()
        module_ids = [module_id] if module_id is not None else [m.id for m in modules]
        condition = Q()
        for each in module_ids:
            one = Q()
            if not status and expiring_within is None:
                # A module alone: the learners it is for, or who have started it anyway.
                one &= ~Q(**{_field(each, "status"): NOT_REQUIRED})
            if status:
                one &= Q(**{_field(each, "status"): status})
            if expiring_within is not None:
                one &= Q(
                    **{
                        _field(each, "expires") + "__gt": today,
                        _field(each, "expires") + "__lte": today
                        + datetime.timedelta(days=expiring_within),
                    }
                )
            condition |= one
        if not module_ids:
            return profiles.none()
        return profiles.filter(condition)
