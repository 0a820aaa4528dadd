"""Builders for bank questions of every type, and for a module's quiz page."""

from quizzes.models import (
    FreeTextQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceOption,
    MultipleChoiceQuestion,
    OrderingItem,
    OrderingQuestion,
    QuestionCategory,
    ReviewPolicy,
    SingleChoiceOption,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


def category(name="Signs"):
    return QuestionCategory.objects.get_or_create(name=name)[0]


def single_choice(title="Who refers into the NRM?", right="A First Responder", wrong=None, **kw):
    wrong = wrong or ["Any volunteer", "The person's employer"]
    question = SingleChoiceQuestion(title=title, prompt=f"<p>{title}</p>", **kw)
    question.options = [
        SingleChoiceOption(text=right, is_correct=True, feedback=f"RIGHT-FEEDBACK {right}")
    ] + [
        SingleChoiceOption(text=w, is_correct=False, feedback=f"WRONG-FEEDBACK {w}") for w in wrong
    ]
    question.save()
    return question


def multiple_choice(title="Which are signs?", right=("No ID", "Escorted"), wrong=("Tired",), **kw):
    question = MultipleChoiceQuestion(title=title, prompt=f"<p>{title}</p>", **kw)
    question.options = [
        MultipleChoiceOption(text=r, is_correct=True, feedback=f"RIGHT-FEEDBACK {r}") for r in right
    ] + [
        MultipleChoiceOption(text=w, is_correct=False, feedback=f"WRONG-FEEDBACK {w}")
        for w in wrong
    ]
    question.save()
    return question


def true_false(title="Children must consent to an NRM referral.", answer=False, **kw):
    question = TrueFalseQuestion(
        title=title,
        prompt=f"<p>{title}</p>",
        correct_answer=answer,
        feedback_true="TF-FEEDBACK-TRUE",
        feedback_false="TF-FEEDBACK-FALSE",
        **kw,
    )
    question.save()
    return question


def ordering(title="Put the steps in order", steps=("Notice", "Call 999", "Record", "Tell"), **kw):
    question = OrderingQuestion(title=title, prompt=f"<p>{title}</p>", **kw)
    question.items = [OrderingItem(text=s) for s in steps]
    question.save()
    return question


def matching(
    title="Match sign and category",
    pairs=(("No ID", "Few effects"), ("Escorted", "Isolation"), ("5am pick-up", "Travel times")),
    **kw,
):
    question = MatchingQuestion(title=title, prompt=f"<p>{title}</p>", **kw)
    question.pairs = [
        MatchingPair(left=a, right=b, feedback=f"PAIR-FEEDBACK {a}") for a, b in pairs
    ]
    question.save()
    return question


def free_text(title="What would you do first?", **kw):
    question = FreeTextQuestion(title=title, prompt=f"<p>{title}</p>", guidance="<p>999</p>", **kw)
    question.save()
    return question


def one_of_each():
    return [single_choice(), multiple_choice(), true_false(), ordering(), matching(), free_text()]


def build_quiz(module, questions, *, slug="quiz", publish=True, **settings):
    """A quiz page under ``module`` asking ``questions`` in order (no shuffling by default)."""
    from modules.models import QuizPage, QuizPageQuestion

    values = {
        "pass_mark": 80,
        "max_attempts": 0,
        "shuffle_questions": False,
        "shuffle_choices": False,
        "review_policy": ReviewPolicy.ANSWERS_WHEN_DONE,
    }
    values.update(settings)
    page = QuizPage(title="Check your understanding", slug=slug, **values)
    page.quiz_questions = [QuizPageQuestion(question=q) for q in questions]
    module.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return QuizPage.objects.get(pk=page.pk)
