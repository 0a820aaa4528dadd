"""Drive a quiz through HTTP as a learner would; tests know the answers from the snapshot.

A page shows each option by its attempt's token, never its stable key: :func:`answer_data`
finds the right (or wrong) answers by key in the snapshot and posts their tokens, as a browser
would.
"""

from modules import services as module_services
from quizzes.models import QuizAttempt
from quizzes.tokens import shown_value


def token_of(entries, key):
    """The token the page shows for the entry with stable ``key``."""
    return next(shown_value(entry) for entry in entries if entry["key"] == key)


def complete_lessons(user, module):
    for lesson in _lessons(module):
        module_services.mark_lesson_complete(user=user, lesson=lesson)


def _lessons(module):
    from modules.models import LessonPage

    return LessonPage.objects.live().child_of(module)


def start(client, quiz):
    response = client.post(quiz.url + "start/")
    assert response.status_code == 302, response
    return QuizAttempt.objects.filter(quiz_id=quiz.pk).order_by("-pk").first()


def answer_data(snapshot, *, right):
    kind = snapshot["type"]
    if kind in ("single_choice", "true_false"):
        values = [shown_value(o) for o in snapshot["options"] if o["correct"] is right]
        return {"choice": values[0]}
    if kind == "multiple_choice":
        return {"choices": [shown_value(o) for o in snapshot["options"] if o["correct"] is right]}
    if kind == "ordering":
        order = snapshot["correct_order"] if right else list(reversed(snapshot["correct_order"]))
        return {
            f"position_{token_of(snapshot['items'], key)}": str(n)
            for n, key in enumerate(order, start=1)
        }
    if kind == "matching":
        answers = snapshot["answers"]
        rights = list(answers.values())
        if not right:
            rights = rights[1:] + rights[:1]
        return {
            f"match_{token_of(snapshot['left'], left)}": token_of(snapshot["right"], r)
            for left, r in zip(answers, rights, strict=True)
        }
    if kind == "free_text":
        return {"text": "I would make sure the person is safe and tell the lead."}
    raise AssertionError(kind)


def scenario_stage_data(snapshot, data):
    """``data`` written with stage, sign and option keys, as the page posts it: in tokens.

    A key the snapshot does not know (a stage from another scenario, a made-up option) is
    posted as it is, as a tampering client would.
    """
    stages = {stage["key"]: stage for stage in snapshot["stages"]}
    entries = {
        entry["key"]: shown_value(entry)
        for stage in snapshot["stages"]
        for entry in stage.get("options", []) + stage.get("observations", [])
    }
    posted = dict(data)
    if "stage" in posted and posted["stage"] in stages:
        posted["stage"] = shown_value(stages[posted["stage"]])
    if "option" in posted:
        posted["option"] = entries.get(posted["option"], posted["option"])
    if "signs" in posted:
        posted["signs"] = [entries.get(key, key) for key in posted["signs"]]
    return posted


def question_url(quiz, attempt, number):
    return f"{quiz.url}attempt/{attempt.uuid}/{number}/"


def answer_all(client, quiz, attempt, *, right=True, wrong_positions=()):
    for position, snapshot in enumerate(attempt.questions):
        data = answer_data(snapshot, right=right and position not in wrong_positions)
        data["action"] = "next"
        response = client.post(question_url(quiz, attempt, position + 1), data)
        assert response.status_code == 302, response.content.decode()[:500]


def submit(client, quiz, attempt, **extra):
    return client.post(f"{quiz.url}attempt/{attempt.uuid}/review/", extra)


def take_quiz(client, quiz, *, right=True, wrong_positions=()):
    attempt = start(client, quiz)
    answer_all(client, quiz, attempt, right=right, wrong_positions=wrong_positions)
    submit(client, quiz, attempt)
    attempt.refresh_from_db()
    return attempt
