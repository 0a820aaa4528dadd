"""
Practising a scenario inside a lesson: unlimited tries, feedback at every step, nothing recorded.

A lesson's "scenario practice" block shows one stage at a time as a server-rendered form that
posts to the lesson page. The learner's place in the scenario lives in their session (a frozen
snapshot and the path so far), keyed by lesson and scenario, so it survives a reload but is
never stored as an attempt: practice counts towards nothing except that the lesson was read.
After each step the learner sees why (every observation explained, the feedback on the action
chosen); at the end, their path beside the recommended path and the debrief.

Practice gives the recommended path away, so only scenarios that may be practised are shown
here (``ScenarioQuestion.use``): a scenario kept for assessment is never rendered or stepped
through in a lesson, even if a block still names it.
"""

import random
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from modules.quiz_progress import scenario_lines
from quizzes.models import ScenarioQuestion
from quizzes.models.scenarios import ScenarioUse
from quizzes.scenario_paths import path_points
from quizzes.scenario_summary import RECOMMENDED

SESSION_KEY = "scenario_practice"


def _state_key(lesson_id, scenario_id):
    return f"{lesson_id}:{scenario_id}"


def has_practice_state(request, lesson):
    """True while the learner's practice of a scenario on ``lesson`` shows on the page."""
    prefix = _state_key(lesson.id, "")
    return any(key.startswith(prefix) for key in request.session.get(SESSION_KEY, {}))


@dataclass
class Practice:
    scenario: object
    snapshot: dict
    response: dict
    form: object = None
    last_feedback: list = field(default_factory=list)
    finished: bool = False
    score_percent: int | None = None
    critical: bool = False
    your_path: list = field(default_factory=list)
    recommended_path: list = field(default_factory=list)
    #: Ids of the stage title and prompt, which name the stage's answer group.
    prompt_ids: str = ""


def _new_state(scenario):
    snapshot = scenario.snapshot(random.SystemRandom(), shuffle_choices=True)
    return {"snapshot": snapshot, "response": {}}


def in_page_language(scenario, page):
    """``scenario`` in the language of ``page`` when it has been translated (else as it is).

    A lesson translated before its scenario still names the original: learners on the Welsh
    lesson practise the Welsh scenario as soon as there is one.
    """
    if scenario is None or page is None or scenario.locale_id == getattr(page, "locale_id", None):
        return scenario
    return (
        ScenarioQuestion.objects.filter(
            translation_key=scenario.translation_key, locale_id=page.locale_id
        ).first()
        or scenario
    )


def practice_context(parent_context, value):
    """Context for the practice block: the learner's place, feedback and the stage form."""
    request = parent_context.get("request")
    page = parent_context.get("page")
    scenario = in_page_language(value.get("scenario"), page)
    if scenario is None or not may_practise(scenario):
        return {"practice": None}
    preview = parent_context.get("is_preview") or request is None or page is None
    if preview:
        state = _new_state(scenario)
    else:
        states = request.session.setdefault(SESSION_KEY, {})
        key = _state_key(page.pk, scenario.pk)
        if key not in states:
            states[key] = _new_state(scenario)
            request.session.modified = True
        state = states[key]
    snapshot, response = state["snapshot"], state["response"]
    path = response.get("path") or []
    practice = Practice(scenario=scenario, snapshot=snapshot, response=response)
    practice.prompt_ids = f"practice-stage-{scenario.pk} practice-prompt-{scenario.pk}"
    practice.finished = ScenarioQuestion.response_is_complete(snapshot, response)
    if path:
        practice.last_feedback = scenario_lines(snapshot, path[-1:], explain=True)
    if practice.finished:
        points, critical = path_points(snapshot, path)
        grade = ScenarioQuestion.grade(snapshot, response)
        practice.critical = critical
        practice.score_percent = round(float(grade.score) * 100)
        practice.your_path = scenario_lines(snapshot, path, explain=False)
        practice.recommended_path = scenario_lines(
            snapshot, snapshot["recommended_path"], explain=False, whose=RECOMMENDED
        )
    else:
        practice.form = ScenarioQuestion.response_form(
            snapshot, response=response, prefix=f"practice-{scenario.pk}"
        )
    return {"practice": practice}


def may_practise(scenario):
    """True if lessons may show ``scenario`` (it is not kept for assessment only)."""
    return ScenarioUse(scenario.use).may_be_practised


def handle_practice_post(request, lesson):
    """Take one practice step (or restart) posted to ``lesson``; always redirects back."""
    try:
        scenario_id = int(request.POST.get("scenario", ""))
    except ValueError:
        scenario_id = None
    scenario_ids = {
        in_page_language(block.value["scenario"], lesson).pk
        for block in lesson.body
        if block.block_type == "scenario_practice"
        and block.value.get("scenario") is not None
        and may_practise(block.value["scenario"])
    }
    if scenario_id not in scenario_ids:
        messages.error(request, _("That scenario is not part of this lesson."))
        return redirect(lesson.url)
    anchor = f"{lesson.url}#practice-{scenario_id}"
    states = request.session.setdefault(SESSION_KEY, {})
    key = _state_key(lesson.pk, scenario_id)
    if request.POST.get("action") == "practice-restart" or key not in states:
        states[key] = _new_state(ScenarioQuestion.objects.get(pk=scenario_id))
        request.session.modified = True
        if request.POST.get("action") == "practice-restart":
            return redirect(anchor)
    state = states[key]
    form = ScenarioQuestion.response_form(
        state["snapshot"],
        request.POST,
        response=state["response"],
        prefix=f"practice-{scenario_id}",
    )
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose an answer to go on.")]:
            messages.error(request, error)
        return redirect(anchor)
    state["response"] = form.response()
    request.session.modified = True
    # Land on the feedback for the step just taken: the browser moves focus to it, no script.
    return redirect(f"{lesson.url}#practice-feedback-{scenario_id}")
