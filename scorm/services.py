"""
The one write path of SCORM dispatch: dispatches, and the accounts of LMS learners.

An LMS learner gets one account per dispatch, found by (dispatch, LMS learner id): no email,
no usable password (they come in only through a launch token), in the module's audience
groups that carry no admin permissions, so that the module opens for them. What the launcher
reports back to the LMS is read by :func:`learner_status`: completion, best score and
pass/fail for that module, nothing else.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from learners.services import ensure_profile
from modules.models import Enrolment, QuizPage
from quizzes.models import QuizAttempt
from scorm.models import Dispatch, DispatchLearner

__all__ = [
    "create_dispatch",
    "find_learner",
    "find_or_create_learner",
    "forget_lms_learner",
    "learner_status",
    "lms_learner_for_export",
]


@transaction.atomic
def create_dispatch(*, module, lms_name, created_by=None):
    return Dispatch.objects.create(module=module, lms_name=lms_name, created_by=created_by)


def _username(dispatch, learner_id):
    digest = hashlib.sha256(learner_id.encode()).hexdigest()[:24]
    return f"scorm-{dispatch.pk}-{digest}"


def find_learner(claims):
    """The account of the learner a launch token names, or None if they never launched."""
    row = (
        DispatchLearner.objects.select_related("user")
        .filter(dispatch=claims.dispatch, lms_learner_id=claims.learner_id)
        .first()
    )
    return row.user if row else None


def find_or_create_learner(claims):
    """The account for the learner a valid launch token names, made on their first launch."""
    user = find_learner(claims)
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = get_user_model()(
                username=_username(claims.dispatch, claims.learner_id),
                first_name=claims.name,
                is_active=True,
            )
            user.set_unusable_password()
            user.save()
            ensure_profile(user)
            # Only groups that carry no permissions: a module meant for trainers must not make
            # an LMS learner a trainer in the admin.
            user.groups.add(*claims.dispatch.module.audience.filter(permissions__isnull=True))
            DispatchLearner.objects.create(
                dispatch=claims.dispatch, lms_learner_id=claims.learner_id, user=user
            )
    except IntegrityError:
        # Two launches of the same learner at once: the other one made the account.
        user = find_learner(claims)
        if user is None:
            raise
    return user


def learner_status(claims):
    """What the launcher reports to the LMS: ``completed``, ``passed`` and ``score`` (0-100).

    ``passed`` and ``score`` are None until a quiz of the module has been submitted; the score
    is the best submitted attempt's, ``passed`` whether any attempt passed.
    """
    status = {"completed": False, "passed": None, "score": None}
    user = find_learner(claims)
    if user is None:
        return status
    module = claims.dispatch.module
    status["completed"] = Enrolment.objects.filter(
        user=user, module=module, completed_at__isnull=False
    ).exists()
    quiz_ids = QuizPage.objects.child_of(module).values("pk")
    attempts = list(
        QuizAttempt.objects.filter(
            user=user, quiz_id__in=quiz_ids, submitted_at__isnull=False
        ).values_list("score", "passed")
    )
    if attempts:
        status["score"] = float(max(score or 0 for score, _passed in attempts))
        status["passed"] = any(passed for _score, passed in attempts)
    return status


def lms_learner_for_export(user):
    """The privacy export's part: the LMS and the learner's id there, if a launch made them."""
    return list(
        DispatchLearner.objects.filter(user=user).values(
            "dispatch__lms_name", "dispatch__module__title", "lms_learner_id", "created_at"
        )
    )


@transaction.atomic
def forget_lms_learner(user):
    """Erasure: the link to the LMS learner id goes; a later launch makes a new account."""
    DispatchLearner.objects.filter(user=user).delete()
