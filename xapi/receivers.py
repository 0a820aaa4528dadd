"""
From what learners do to xAPI statements: one receiver per signal the apps below send.

Each receiver returns at once when no LRS is configured, so a site without one pays nothing.
Otherwise it records the statement (:func:`xapi.services.record_statement`) inside the
transaction of what happened and queues the sending task for after it commits, so a rolled-back
action sends nothing. Learner free text is never put in a statement: an ``answered`` statement
says which question was answered, not what was written.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from certificates.signals import certificate_issued, certificate_revoked
from learners.signals import collect_learner_data, learner_erasing
from modules.signals import lesson_completed, lesson_viewed, module_completed
from quizzes.scenario_paths import option_of, stage_map
from quizzes.signals import attempt_graded, response_saved
from xapi import lrs
from xapi.models import Statement, Verb
from xapi.services import forget_learner, record_statement
from xapi.statements import (
    TYPE_ASSESSMENT,
    TYPE_CERTIFICATE,
    TYPE_DECISION,
    TYPE_LESSON,
    TYPE_MODULE,
    TYPE_QUESTION,
    activity,
    activity_base,
    certificate_activity_id,
    page_activity_id,
    question_activity_id,
    statement_id,
)
from xapi.tasks import send_statement_task


def _record(user, **statement):
    row, created = record_statement(user=user, **statement)
    if created:
        pk = str(row.pk)
        transaction.on_commit(lambda: send_statement_task.enqueue(pk))
    return row


def _module_context(module, base):
    if module is None:
        return None
    parent = activity(page_activity_id(module, base), module.title, TYPE_MODULE)
    return {"contextActivities": {"parent": [parent]}}


def _attempt_context(attempt, base):
    context = {"registration": str(attempt.uuid)}
    if attempt.quiz_id is not None:
        quiz = attempt.quiz
        context["contextActivities"] = {
            "parent": [activity(page_activity_id(quiz, base), attempt.quiz_title, TYPE_ASSESSMENT)]
        }
    return context


@receiver(lesson_viewed, dispatch_uid="xapi-lesson-viewed")
def lesson_experienced(sender, user, lesson, **kwargs):
    if not lrs.is_configured():
        return
    base = activity_base()
    day = timezone.localdate()
    with transaction.atomic():
        _record(
            user,
            id=statement_id("experienced", user.pk, lesson.translation_key, day),
            verb=Verb.EXPERIENCED,
            object=activity(page_activity_id(lesson, base), lesson.title, TYPE_LESSON),
            context=_module_context(lesson.get_module(), base),
        )


@receiver(lesson_completed, dispatch_uid="xapi-lesson-completed")
def lesson_done(sender, user, lesson, enrolment, **kwargs):
    if not lrs.is_configured():
        return
    base = activity_base()
    _record(
        user,
        id=statement_id("completed-lesson", enrolment.pk, lesson.translation_key),
        verb=Verb.COMPLETED,
        object=activity(page_activity_id(lesson, base), lesson.title, TYPE_LESSON),
        result={"completion": True},
        context=_module_context(enrolment.module, base),
    )


@receiver(module_completed, dispatch_uid="xapi-module-completed")
def module_done(sender, enrolment, user, module, completed_at, **kwargs):
    if not lrs.is_configured():
        return
    base = activity_base()
    _record(
        user,
        id=statement_id("completed-module", enrolment.pk),
        verb=Verb.COMPLETED,
        object=activity(page_activity_id(module, base), module.title, TYPE_MODULE),
        result={"completion": True},
        timestamp=completed_at,
    )


@receiver(response_saved, dispatch_uid="xapi-response-saved")
def question_answered(sender, attempt, saved, question, user, **kwargs):
    if not lrs.is_configured():
        return
    base = activity_base()
    question_id = question.get("question_id")
    context = _attempt_context(attempt, base)
    _record(
        user,
        id=statement_id("answered", attempt.uuid, saved.position, saved.saved_at.isoformat()),
        verb=Verb.ANSWERED,
        object=activity(
            question_activity_id(question_id, base), question.get("title"), TYPE_QUESTION
        ),
        context=context,
        timestamp=saved.saved_at,
    )
    if question.get("type") == "scenario":
        _scenario_decision(attempt, saved, question, user, base, context)


def _scenario_decision(attempt, saved, question, user, base, context):
    """The decision just taken in a scenario (the newest step of its path), if it was one."""
    path = (saved.response or {}).get("path") or []
    if not path or not path[-1].get("option"):
        return
    step = path[-1]
    stage = stage_map(question).get(step["stage"])
    option = option_of(stage, step["option"]) if stage else None
    if option is None:
        return
    decision_id = f"{question_activity_id(question.get('question_id'), base)}/stage/{stage['key']}"
    extensions = {f"{base}/xapi/extensions/critical-error": bool(option.get("critical"))}
    if option.get("pathway_step"):
        extensions[f"{base}/xapi/extensions/pathway-step"] = option["pathway_step"]
    _record(
        user,
        id=statement_id("decided", attempt.uuid, saved.position, len(path)),
        verb=Verb.DECIDED,
        object=activity(decision_id, stage.get("title") or stage["key"], TYPE_DECISION),
        result={"response": option["key"], "success": not option.get("critical")},
        context={**context, "extensions": extensions},
        timestamp=saved.saved_at,
    )


@receiver(attempt_graded, dispatch_uid="xapi-attempt-graded")
def quiz_graded(sender, attempt, user, **kwargs):
    if not lrs.is_configured() or attempt.quiz_id is None:
        return
    base = activity_base()
    score = float(attempt.score or 0)
    _record(
        user,
        id=statement_id("graded", attempt.uuid),
        verb=Verb.PASSED if attempt.passed else Verb.FAILED,
        object=activity(page_activity_id(attempt.quiz, base), attempt.quiz_title, TYPE_ASSESSMENT),
        result={
            "score": {"scaled": round(score / 100, 4), "raw": score, "min": 0, "max": 100},
            "success": bool(attempt.passed),
            "completion": True,
        },
        context={"registration": str(attempt.uuid)},
        timestamp=attempt.submitted_at,
    )


@receiver(certificate_issued, dispatch_uid="xapi-certificate-issued")
def certificate_earned(sender, certificate, **kwargs):
    if not lrs.is_configured() or certificate.user_id is None:
        return
    base = activity_base()
    _record(
        certificate.user,
        id=statement_id("earned", certificate.code),
        verb=Verb.EARNED,
        object=activity(
            certificate_activity_id(certificate, base), certificate.module_title, TYPE_CERTIFICATE
        ),
        context=_module_context(certificate.module, base),
        timestamp=certificate.issued_at,
    )


@receiver(certificate_revoked, dispatch_uid="xapi-certificate-revoked")
def certificate_withdrawn(sender, certificate, **kwargs):
    if not lrs.is_configured() or certificate.user_id is None:
        return
    base = activity_base()
    _record(
        certificate.user,
        id=statement_id("revoked", certificate.code),
        verb=Verb.REVOKED,
        object=activity(
            certificate_activity_id(certificate, base), certificate.module_title, TYPE_CERTIFICATE
        ),
        result={"response": certificate.revocation_reason},
        context=_module_context(certificate.module, base),
        timestamp=certificate.revoked_at,
    )


@receiver(learner_erasing, dispatch_uid="xapi-erase-learner")
def erase_statements(sender, user, **kwargs):
    return forget_learner(user=user)


@receiver(collect_learner_data, dispatch_uid="xapi-learner-data")
def statements_section(sender, user, **kwargs):
    rows = Statement.objects.filter(user=user).values(
        "id", "verb", "activity_id", "status", "created_at", "sent_at"
    )
    return {"xapi_statements": list(rows)}
