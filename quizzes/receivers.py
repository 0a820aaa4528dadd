"""
Signal receivers of ``quizzes``: its part in the privacy tools of ``learners`` (below it).

* ``collect_learner_data``: every attempt with its answers, and any extra-time arrangement.
* ``learner_erasing``: the learner's free text and extra-time arrangements are deleted; attempts,
  scores and choices stay, attached to the anonymised account, for anonymous aggregates.
* ``learner_record_sections``: the attempts and their scores on the admin's learner record.
"""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from learners.record import LearnerRecordSection
from learners.signals import collect_learner_data, learner_erasing, learner_record_sections
from quizzes.models import QuizAttempt, TimeAllowance


def _answer(snapshot, saved):
    return {
        "position": snapshot.get("position"),
        "question": snapshot.get("title", ""),
        "question_type": snapshot.get("type", ""),
        "response": saved.response if saved else None,
        "saved_at": saved.saved_at if saved else None,
        "score": saved.score if saved else None,
        "is_correct": saved.is_correct if saved else None,
    }


@receiver(collect_learner_data, dispatch_uid="quizzes-export-learner-data")
def export_attempts(sender, user, **kwargs):
    attempts = []
    for attempt in QuizAttempt.objects.filter(user=user).prefetch_related("responses"):
        saved = {response.position: response for response in attempt.responses.all()}
        attempts.append(
            {
                "id": str(attempt.uuid),
                "quiz_id": attempt.quiz_id,
                "quiz_title": attempt.quiz_title,
                "cycle": attempt.cycle,
                "number": attempt.number,
                "status": attempt.status,
                "started_at": attempt.started_at,
                "deadline": attempt.deadline,
                "submitted_at": attempt.submitted_at,
                "is_late": attempt.is_late,
                "pass_mark": attempt.pass_mark,
                "score": attempt.score,
                "passed": attempt.passed,
                "answers": [
                    _answer(snapshot, saved.get(position))
                    for position, snapshot in enumerate(attempt.questions)
                ],
            }
        )
    allowances = [
        {
            "quiz_id": allowance.quiz_id,
            "quiz_title": allowance.quiz.title if allowance.quiz else "",
            "extra_minutes": allowance.extra_minutes,
            "reason": allowance.reason,
        }
        for allowance in TimeAllowance.objects.filter(user=user).select_related("quiz")
    ]
    return {"quiz_attempts": attempts, "extra_time": allowances}


@receiver(learner_erasing, dispatch_uid="quizzes-erase-learner")
def erase_answers(sender, user, now=None, **kwargs):
    from quizzes.services import forget_learner

    return forget_learner(user=user, now=now)


@receiver(learner_record_sections, dispatch_uid="quizzes-learner-record")
def attempts_section(sender, user, **kwargs):
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .order_by("quiz_title", "cycle", "number")
        .only(
            "quiz_title",
            "cycle",
            "number",
            "status",
            "started_at",
            "submitted_at",
            "is_late",
            "pass_mark",
            "score",
            "passed",
        )
    )
    return LearnerRecordSection(
        title=_("Quiz attempts"),
        template_name="quizzes/admin/learner_record_attempts.html",
        context={"attempts": list(attempts)},
        order=30,
    )
