"""
Where a learner stands with a quiz, and what they may see of an attempt afterwards.

:func:`quiz_standing` summarises a learner's attempts at one quiz in one cycle: the best
attempt (which decides the quiz result), whether they passed, the attempt in progress, and how
many attempts are left. :func:`attempt_review` turns a submitted attempt into what its review
policy allows the learner to see, and nothing more: right answers appear only under the policy
that allows them, and only once the learner has passed or used every attempt.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from modules import translations
from quizzes.models import AttemptStatus, QuizAttempt, ReviewPolicy
from quizzes.scenario_paths import path_points
from quizzes.scenario_summary import RECOMMENDED, YOURS, path_lines


@dataclass
class QuizStanding:
    attempts: list = field(default_factory=list)
    in_progress: object = None
    max_attempts: int = 0

    @property
    def submitted(self):
        return [a for a in self.attempts if a.status == AttemptStatus.SUBMITTED]

    @property
    def best(self):
        """The submitted attempt with the highest score (the earliest of equals)."""
        best = None
        for attempt in self.submitted:
            if best is None or (attempt.score or 0) > (best.score or 0):
                best = attempt
        return best

    @property
    def passed(self):
        return any(a.passed for a in self.submitted)

    @property
    def attempts_left(self):
        if not self.max_attempts:
            return None
        return max(0, self.max_attempts - len(self.submitted))

    @property
    def out_of_attempts(self):
        return self.attempts_left == 0

    @property
    def can_start(self):
        return self.in_progress is None and not self.out_of_attempts


def quiz_standing(user, quiz, *, cycle):
    attempts = list(
        QuizAttempt.objects.filter(
            user=user, quiz_id=translations.record_id(quiz), cycle=cycle
        ).order_by("number")
    )
    in_progress = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    return QuizStanding(attempts=attempts, in_progress=in_progress, max_attempts=quiz.max_attempts)


@dataclass
class ReviewedQuestion:
    number: int
    type_label: str
    prompt: str
    answer_lines: list
    answered: bool
    is_correct: bool | None = None
    score: object = None
    feedback: list = field(default_factory=list)
    general_feedback: str = ""
    right_answer_lines: list = field(default_factory=list)
    #: A scenario path with a critical error (scores zero whatever else was done).
    critical: bool = False
    #: The question's language when it was asked untranslated (its ``lang``), else "".
    language: str = ""


def attempt_review(attempt, standing):
    """What the learner may see of each question of a submitted ``attempt``."""
    policy = ReviewPolicy(attempt.review_policy)
    if policy == ReviewPolicy.SCORE_ONLY:
        return []
    # Frozen with the attempt: the max attempts and policy as they were when it started.
    show_answers = policy.shows_answers(
        passed=standing.passed,
        out_of_attempts=bool(
            attempt.max_attempts and len(standing.submitted) >= attempt.max_attempts
        ),
    )
    responses = {r.position: r for r in attempt.responses.all()}
    reviewed = []
    for position, snapshot in enumerate(attempt.questions):
        saved = responses.get(position)
        response = saved.response if saved else {}
        item = ReviewedQuestion(
            number=position + 1,
            type_label=snapshot.get("type_label", ""),
            prompt=snapshot["prompt"],
            answer_lines=_answer_lines(snapshot, response),
            answered=bool(saved and any(v for v in response.values())),
            is_correct=saved.is_correct if saved else (False if snapshot["auto_graded"] else None),
            score=saved.score if saved else None,
            critical=_has_critical_error(snapshot, response),
            language=snapshot.get("language", ""),
        )
        if policy.shows_feedback or show_answers:
            item.feedback = _feedback_lines(snapshot, response)
        if policy.shows_explanations:
            item.general_feedback = snapshot.get("general_feedback", "")
        if show_answers:
            item.right_answer_lines = _right_answer_lines(snapshot)
            # A scenario's debrief walks through the recommended path: it is an answer.
            item.general_feedback = (item.general_feedback or "") + snapshot.get("debrief", "")
        reviewed.append(item)
    return reviewed


def _has_critical_error(snapshot, response):
    if snapshot["type"] != "scenario":
        return False
    _points, critical = path_points(snapshot, response.get("path") or [])
    return critical


def _options(snapshot):
    return {o["key"]: o for o in snapshot.get("options", [])}


def scenario_lines(snapshot, path, *, explain, whose=YOURS):
    """One line of whole sentences per step of a scenario path (:mod:`quizzes.scenario_summary`)."""
    return path_lines(snapshot, path, explain=explain, whose=whose)


def _answer_lines(snapshot, response):
    kind = snapshot["type"]
    if kind == "scenario":
        return scenario_lines(snapshot, response.get("path") or [], explain=False)
    if kind in ("single_choice", "true_false"):
        option = _options(snapshot).get(response.get("choice"))
        return [option["text"]] if option else []
    if kind == "multiple_choice":
        options = _options(snapshot)
        return [options[k]["text"] for k in response.get("choices") or [] if k in options]
    if kind == "ordering":
        items = {i["key"]: i["text"] for i in snapshot["items"]}
        return [items[k] for k in response.get("order") or [] if k in items]
    if kind == "matching":
        lefts = {i["key"]: i["text"] for i in snapshot["left"]}
        rights = {i["key"]: i["text"] for i in snapshot["right"]}
        matches = response.get("matches") or {}
        return [
            f"{lefts[left]} → {rights.get(right, '')}"
            for left, right in matches.items()
            if left in lefts
        ]
    if kind == "free_text":
        return [response["text"]] if response.get("text") else []
    return []


def _feedback_lines(snapshot, response):
    kind = snapshot["type"]
    if kind == "scenario":
        return scenario_lines(snapshot, response.get("path") or [], explain=True)
    if kind in ("single_choice", "true_false"):
        option = _options(snapshot).get(response.get("choice"))
        return [option["feedback"]] if option and option.get("feedback") else []
    if kind == "multiple_choice":
        options = _options(snapshot)
        return [
            f"{options[k]['text']}: {options[k]['feedback']}"
            for k in response.get("choices") or []
            if k in options and options[k].get("feedback")
        ]
    if kind == "matching":
        feedback = snapshot.get("pair_feedback", {})
        matches = response.get("matches") or {}
        return [
            feedback[left]
            for left, right in matches.items()
            if feedback.get(left) and snapshot["answers"].get(left) != right
        ]
    return []


def _right_answer_lines(snapshot):
    kind = snapshot["type"]
    if kind == "scenario":
        return scenario_lines(
            snapshot, snapshot["recommended_path"], explain=False, whose=RECOMMENDED
        )
    if kind in ("single_choice", "true_false", "multiple_choice"):
        return [o["text"] for o in snapshot["options"] if o["correct"]]
    if kind == "ordering":
        items = {i["key"]: i["text"] for i in snapshot["items"]}
        return [items[k] for k in snapshot["correct_order"]]
    if kind == "matching":
        lefts = {i["key"]: i["text"] for i in snapshot["left"]}
        rights = {i["key"]: i["text"] for i in snapshot["right"]}
        return [f"{lefts[left]} → {rights[right]}" for left, right in snapshot["answers"].items()]
    if kind == "free_text":
        return []
    return [_("See the feedback above.")]
