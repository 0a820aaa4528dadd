"""
What to revisit after a quiz: the lessons that teach the questions a learner missed.

A lesson names the question topics it teaches (``LessonPage.question_categories``, the same
``QuestionCategory`` a quiz draws its questions from). A question is *missed* when it is marked
automatically and the learner's answer was not fully right, or there was no answer. The lessons
to revisit are the module's live lessons that teach the topic of at least one missed question, in
the module's order. The list names topics only, never which answer was right, so a result page
may show it under every review policy that shows more than the score.
"""

from modules.models import LessonPage


def missed_question_ids(attempt, responses=None):
    """Bank ids of the attempt's automatically marked questions not answered fully right."""
    if responses is None:
        responses = attempt.responses.all()
    right = {saved.position for saved in responses if saved.is_correct is True}
    return {
        snapshot["question_id"]
        for position, snapshot in enumerate(attempt.questions)
        if snapshot.get("auto_graded", True)
        and position not in right
        and snapshot.get("question_id")
    }


def lessons_to_revisit(module, attempt, responses=None):
    """The module's live lessons that teach a question the learner missed (one query)."""
    missed = missed_question_ids(attempt, responses)
    if not missed:
        return []
    return list(
        LessonPage.objects.live()
        .child_of(module)
        .filter(question_categories__questions__in=missed)
        .distinct()
        .order_by("path")
        .only("id", "title", "url_path", "path", "depth")
    )
