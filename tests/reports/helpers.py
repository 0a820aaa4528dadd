"""Build answered quiz attempts through the quiz engine's own services, as learners would."""

from quizzes.services import save_response, start_attempt, submit_attempt
from tests.factories import UserFactory


def pick(*texts):
    """An answer that picks the options with these texts (single choice: give one text)."""

    def answer(snapshot):
        keys = [o["key"] for o in snapshot["options"] if o["text"] in texts]
        assert len(keys) == len(texts), (texts, snapshot["options"])
        if snapshot["type"] == "multiple_choice":
            return {"choices": keys}
        return {"choice": keys[0]}

    return answer


def scenario_path(signs, *options):
    """A scenario answer: the signs picked, then ``"stage.option"`` choices in order."""

    def answer(snapshot):
        path = [{"stage": "signs", "signs": list(signs)}]
        for choice in options:
            stage, option = choice.split(".")
            path.append({"stage": stage, "option": option})
        return {"path": path, "finished": True}

    return answer


def answer_quiz(quiz, answers, *, user=None, submit=True):
    """One attempt at ``quiz`` by ``user`` (a new learner by default).

    ``answers`` maps a bank question to a function of its snapshot giving the stored answer;
    questions left out are not answered.
    """
    user = user or UserFactory()
    attempt, _created = start_attempt(user=user, definition=quiz.definition())
    by_id = {question.pk: answer for question, answer in answers.items()}
    for position, snapshot in enumerate(attempt.questions):
        answer = by_id.get(snapshot["question_id"])
        if answer is not None:
            save_response(attempt=attempt, position=position, response=answer(snapshot))
    if submit:
        attempt = submit_attempt(attempt=attempt)
    return attempt
