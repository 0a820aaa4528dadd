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


def scenario_stages(extra_decisions=0):
    """A small scenario: signs, then a decision (with a critical option), then a follow-up."""
    stages = [
        {
            "type": "spot_signs",
            "value": {
                "key": "signs",
                "title": "What do you notice?",
                "prompt": "<p>Pick the signs.</p>",
                "next": "act",
                "observations": [
                    {
                        "key": "passport",
                        "text": "Boss holds his passport",
                        "indicator": "documents-held",
                        "explanation": "OBS-EXPLAIN passport",
                    },
                    {
                        "key": "sleeps",
                        "text": "Sleeps at work",
                        "indicator": "lives-at-workplace",
                        "explanation": "OBS-EXPLAIN sleeps",
                    },
                    {
                        "key": "tired",
                        "text": "Looks tired",
                        "indicator": "",
                        "explanation": "OBS-EXPLAIN tired",
                    },
                ],
            },
        },
        {
            "type": "decision",
            "value": {
                "key": "act",
                "title": "The boss waits outside.",
                "prompt": "<p>What do you do?</p>",
                "requires": "",
                "options": [
                    {
                        "key": "confront",
                        "text": "Go and challenge the boss",
                        "pathway_step": "",
                        "points": 0,
                        "critical": True,
                        "recommended": False,
                        "feedback": "OPT-FEEDBACK confront",
                        "next": "",
                    },
                    {
                        "key": "private",
                        "text": "Offer a private room and an interpreter",
                        "pathway_step": "adults:speak-privately",
                        "points": 2,
                        "critical": False,
                        "recommended": True,
                        "feedback": "OPT-FEEDBACK private",
                        "next": "follow",
                    },
                    {
                        "key": "wait",
                        "text": "Say nothing and finish the form",
                        "pathway_step": "adults:record-facts",
                        "points": 0,
                        "critical": False,
                        "recommended": False,
                        "feedback": "OPT-FEEDBACK wait",
                        "next": "follow",
                    },
                ],
            },
        },
        {
            "type": "decision",
            "value": {
                "key": "follow",
                "title": "Afterwards",
                "prompt": "<p>Then?</p>",
                "requires": "",
                "options": [
                    {
                        "key": "lead",
                        "text": "Tell the lead today",
                        "pathway_step": "adults:tell-the-lead",
                        "points": 2,
                        "critical": False,
                        "recommended": True,
                        "feedback": "OPT-FEEDBACK lead",
                        "next": "",
                    },
                    {
                        "key": "later",
                        "text": "Mention it next month",
                        "pathway_step": "adults:tell-the-lead",
                        "points": 0,
                        "critical": False,
                        "recommended": False,
                        "feedback": "OPT-FEEDBACK later",
                        "next": "",
                    },
                ],
            },
        },
    ]
    for number in range(extra_decisions):
        previous = stages[-1]["value"]
        key = f"extra-{number}"
        for option in previous["options"]:
            option["next"] = key
        stages.append(
            {
                "type": "decision",
                "value": {
                    "key": key,
                    "title": f"Extra {number}",
                    "prompt": "<p>And?</p>",
                    "requires": "",
                    "options": [
                        {
                            "key": "good",
                            "text": "Good",
                            "pathway_step": "adults:follow-up",
                            "points": 1,
                            "critical": False,
                            "recommended": True,
                            "feedback": "f",
                            "next": "",
                        },
                        {
                            "key": "meh",
                            "text": "Meh",
                            "pathway_step": "adults:follow-up",
                            "points": 0,
                            "critical": False,
                            "recommended": False,
                            "feedback": "f",
                            "next": "",
                        },
                    ],
                },
            }
        )
    return stages


def scenario(title="The car wash", extra_decisions=0, **kw):
    import json

    from quizzes.models import ScenarioQuestion

    question = ScenarioQuestion(
        title=title,
        prompt="<p>Samir needs help with a form.</p>",
        debrief="<p>DEBRIEF recommended path</p>",
        pathway_key="adults",
        **{"stages": json.dumps(scenario_stages(extra_decisions)), **kw},
    )
    question.full_clean(exclude=["tags"])
    question.save()
    return question
