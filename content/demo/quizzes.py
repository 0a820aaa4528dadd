"""
Load the default quizzes from ``data/quizzes/<module slug>.toml``.

Each file describes one module's quiz page (pass mark, attempts, shuffling) and its questions,
which go into the question bank under their stable ``key``. Like the page loader, it creates
what is missing and leaves what exists as trainers made it; ``refresh=True`` rewrites the default
questions and republishes the quiz page from the files (past attempts keep their snapshots).
"""

from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from content.demo.loader import DATA_DIR, ContentDataError, read_toml
from content.demo.scenarios import category_name
from modules.models import QuizPage, QuizPageQuestion, QuizRandomDraw, TrainingModulePage
from quizzes.models import (
    FreeTextQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceOption,
    MultipleChoiceQuestion,
    MultipleChoiceScoring,
    OrderingItem,
    OrderingQuestion,
    Question,
    QuestionCategory,
    ReviewPolicy,
    SingleChoiceOption,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

QUIZZES_DIR = DATA_DIR / "quizzes"

QUESTION_TYPES = {
    "single_choice": SingleChoiceQuestion,
    "multiple_choice": MultipleChoiceQuestion,
    "true_false": TrueFalseQuestion,
    "ordering": OrderingQuestion,
    "matching": MatchingQuestion,
    "free_text": FreeTextQuestion,
}


def read_quiz_files(quizzes_dir=QUIZZES_DIR):
    return [read_toml(path) for path in sorted(Path(quizzes_dir).glob("*.toml"))]


@transaction.atomic
def load_quizzes(report, *, refresh=False, quizzes_dir=QUIZZES_DIR):
    """Create the default quiz pages and their questions; add lines to ``report``."""
    quizzes = read_quiz_files(quizzes_dir)
    seen = {}
    for data in quizzes:
        for question in data["questions"]:
            if question["key"] in seen:
                raise ContentDataError(
                    f"{data['_source']}: question key {question['key']!r} is also used in "
                    f"{seen[question['key']]}"
                )
            seen[question["key"]] = data["_source"]
    for data in quizzes:
        module = TrainingModulePage.objects.filter(
            slug=data["module"], locale=Locale.get_default()
        ).first()
        if module is None:
            raise ContentDataError(f"{data['_source']}: no module with slug {data['module']!r}")
        questions = [
            _load_question(q, refresh=refresh, report=report, source=data["_source"])
            for q in data["questions"]
        ]
        _load_quiz_page(module, data, questions, refresh=refresh, report=report)


def _load_question(data, *, refresh, report, source):
    model = QUESTION_TYPES.get(data.get("type"))
    if model is None:
        raise ContentDataError(f"{source}: question {data.get('key')!r}: unknown type")
    existing = Question.objects.filter(key=data["key"], locale=Locale.get_default()).first()
    if existing is not None and not refresh:
        report.kept.append(f"question “{data['key']}”")
        return existing
    if existing is not None and not isinstance(existing, model):
        raise ContentDataError(f"{source}: question {data['key']!r} changed type; rename its key")
    question = existing or model(key=data["key"])
    question.title = _title(data)
    question.prompt = data["prompt_html"]
    question.general_feedback = data.get("general_feedback_html", "")
    question.category, _created = QuestionCategory.objects.get_or_create(name=data["category"])
    if model is MultipleChoiceQuestion:
        question.scoring = data.get("scoring", MultipleChoiceScoring.ALL_OR_NOTHING)
    if model is TrueFalseQuestion:
        question.correct_answer = bool(data["answer"])
        question.feedback_true = data.get("feedback_true", "")
        question.feedback_false = data.get("feedback_false", "")
    if model is FreeTextQuestion:
        question.guidance = data.get("guidance_html", "")
    _set_parts(question, model, data, source)
    question.full_clean(exclude=["tags"])
    question.save()
    question.tags.set(data.get("tags", []))
    (report.refreshed if existing else report.created).append(f"question “{data['key']}”")
    return question


def _set_parts(question, model, data, source):
    if model in (SingleChoiceQuestion, MultipleChoiceQuestion):
        option_model = SingleChoiceOption if model is SingleChoiceQuestion else MultipleChoiceOption
        correct = [c for c in data["choices"] if c.get("correct")]
        if model is SingleChoiceQuestion and len(correct) != 1:
            raise ContentDataError(f"{source}: {data['key']}: needs exactly one correct choice")
        question.options = [
            option_model(
                text=c["text"],
                is_correct=bool(c.get("correct")),
                feedback=c.get("feedback", ""),
                pin_last=bool(c.get("pin_last")),
                sort_order=position,
            )
            for position, c in enumerate(data["choices"])
        ]
    elif model is OrderingQuestion:
        # The sort order is the right order: an ordering question's answer.
        question.items = [
            OrderingItem(text=text, sort_order=position)
            for position, text in enumerate(data["items"])
        ]
    elif model is MatchingQuestion:
        question.pairs = [
            MatchingPair(
                left=p["left"], right=p["right"], feedback=p.get("feedback", ""), sort_order=i
            )
            for i, p in enumerate(data["pairs"])
        ]


def _title(data):
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    return Truncator(strip_tags(data["prompt_html"]).strip()).chars(150)


def _always_asked(data, questions):
    """The questions every attempt asks: those marked ``always``, or all of them in a file
    that draws nothing (the older format)."""
    if not data.get("draws"):
        return questions
    return [
        q for q, q_data in zip(questions, data["questions"], strict=True) if q_data.get("always")
    ]


def _draws(module, data):
    """The quiz's ``[[draws]]``: so many questions from a pool (a category) for each attempt."""
    draws = []
    for draw in data.get("draws", []):
        category = QuestionCategory.objects.filter(name=draw["category"]).first()
        if category is None:
            raise ContentDataError(f"{data['_source']}: no question pool {draw['category']!r}")
        available = category.questions.exclude(scenarioquestion__use="practice").count()
        if available < draw["count"]:
            raise ContentDataError(
                f"{data['_source']}: the pool {draw['category']!r} has {available} questions "
                f"to draw, fewer than {draw['count']}"
            )
        draws.append(QuizRandomDraw(category=category, count=draw["count"]))
    if data.get("scenario_draws"):  # the older format: scenarios used both ways
        # Once scenario files say their mode, only the assessed ones may be drawn.
        scenarios = (
            QuestionCategory.objects.filter(name=category_name(module.slug)).first()
            or QuestionCategory.objects.filter(name=category_name(module.slug, "assessed")).first()
        )
        if scenarios is None:
            raise ContentDataError(f"{data['_source']}: no scenarios for {module.slug!r}")
        draws.append(QuizRandomDraw(category=scenarios, count=data["scenario_draws"]))
    for position, draw in enumerate(draws):
        draw.sort_order = position
    return draws


def _load_quiz_page(module, data, questions, *, refresh, report):
    page = QuizPage.objects.child_of(module).filter(slug=data.get("slug", "quiz")).first()
    if page is not None and not refresh:
        report.kept.append(f"quiz “{page.title}”")
        return page
    created = page is None
    if created:
        page = QuizPage(slug=data.get("slug", "quiz"), locale=module.locale)
    page.title = data["title"]
    page.intro = data.get("intro_html", "")
    page.pass_mark = data.get("pass_mark", 80)
    page.max_attempts = data.get("max_attempts", 0)
    page.shuffle_questions = data.get("shuffle_questions", True)
    page.shuffle_choices = data.get("shuffle_choices", True)
    page.review_policy = data.get("review_policy", ReviewPolicy.EXPLANATIONS)
    page.quiz_questions = [
        QuizPageQuestion(question=q, sort_order=position)
        for position, q in enumerate(_always_asked(data, questions))
    ]
    page.random_draws = _draws(module, data)
    if created:
        module.add_child(instance=page)
    page.save_revision().publish()
    (report.created if created else report.refreshed).append(f"quiz “{page.title}”")
    return page
