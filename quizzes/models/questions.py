"""
The question bank: a polymorphic ``Question`` and one thin subclass per question type.

Each subclass fulfils the same contract, so the attempt engine never switches on a type string:

``snapshot(rng, shuffle_choices)``
    Return a JSON-serialisable dict that freezes the question as presented in one attempt: its
    prompt, its options in the order shown, and its correct answers. Grading and review use only
    this snapshot, so editing or deleting the question later changes no past attempt.
``response_form(snapshot, **form_kwargs)`` (class method)
    Return a Django form for answering; its ``response()`` gives the JSON answer to store.
``grade(snapshot, response)`` (class method)
    Return a :class:`GradeResult` (score from 0 to 1, or ``None`` when not auto-graded).

Two names for every option, step and pair
    Each has a stable *key* (``q12o34``: question and option ids), which responses store and
    reports count across attempts, and a *token* drawn at random for each attempt, which is all
    the page shows (the value of a radio button, the name of a drop-down). Keys follow the order
    in which a trainer created the options, and the right option is often created first; a token
    sorts, counts and measures to nothing, so the page alone never tells right from wrong. Forms
    translate tokens back to keys (:mod:`quizzes.forms`). Snapshots made before tokens existed
    have none, and their keys serve as both.

Options are shuffled for each attempt when the quiz asks (an option the author pins, such as
"None of these", stays last), and the snapshot keeps them in the order shown, so the review and
the item analysis show what the learner saw. Correct answers live only in the snapshot stored
on the server; learner-facing templates render the prompt and the options' text and tokens, and
never the ``correct`` data.

Every question is previewable in the admin (Wagtail's ``PreviewableMixin``): the preview renders
``response_form()`` and ``template_name`` from the same snapshot a learner's attempt would
store, with the answer data removed first (:func:`learner_view`), so it looks like the learner's
page and, like it, never marks the right answer.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from polymorphic.models import PolymorphicModel
from taggit.managers import TaggableManager
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from quizzes.rich_text import QUESTION_RICH_TEXT_FEATURES
from quizzes.tokens import add_tokens

ZERO = Decimal("0")
ONE = Decimal("1")


@dataclass(frozen=True)
class GradeResult:
    """The grade of one response: ``score`` in [0, 1], or None when a person must read it."""

    score: Decimal | None
    answered: bool

    @property
    def is_correct(self):
        return None if self.score is None else self.score == ONE


class QuestionCategory(models.Model):
    """A topic that groups questions, such as "Consent"; quizzes can draw questions from one."""

    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="quizzes_questioncategory_unique_name")
        ]

    def __str__(self):
        return self.name


#: Snapshot keys that say what is right (or how to grade): never given to learner-facing templates.
ANSWER_KEYS = frozenset(
    {"correct_order", "answers", "pair_feedback", "general_feedback", "guidance", "scoring"}
)
#: Option keys that say what is right, or that a page must not show (the stable key).
OPTION_ANSWER_KEYS = frozenset({"correct", "feedback", "pinned"})


def learner_view(snapshot):
    """``snapshot`` without its answers: what a learner's page may know before submitting."""
    view = {key: value for key, value in snapshot.items() if key not in ANSWER_KEYS}
    if "options" in view:
        view["options"] = [
            {key: value for key, value in option.items() if key not in OPTION_ANSWER_KEYS}
            for option in view["options"]
        ]
    return view


class Question(
    TranslatableMixin, PreviewableMixin, index.Indexed, ClusterableModel, PolymorphicModel
):
    """What every question has: a prompt, feedback, a category and tags."""

    title = models.CharField(
        _("title"),
        max_length=160,
        help_text=_("A short name for the question bank; learners do not see it."),
    )
    key = models.SlugField(
        _("key"),
        max_length=100,
        blank=True,
        help_text=_("Optional stable identifier, used by imports and the default content."),
    )
    prompt = RichTextField(_("question"), features=QUESTION_RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Required with an image: what it shows, for people who cannot see it."),
    )
    general_feedback = RichTextField(
        _("general feedback"),
        blank=True,
        features=QUESTION_RICH_TEXT_FEATURES,
        help_text=_("Shown after the attempt, by the quiz's review policy: the teaching point."),
    )
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    tags = TaggableManager(blank=True, related_name="+")
    indicators = models.ManyToManyField(
        "pathways.Indicator",
        verbose_name=_("indicators it tests"),
        blank=True,
        related_name="+",
        help_text=_("Optional: the signs this question is about, for analysing answers later."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [index.SearchField("title"), index.SearchField("prompt")]

    #: The key is wiring (imports, the default content and translations find a question by it):
    #: a translation keeps the source's key, so wagtail-localize never offers it as words.
    override_translatable_fields = [SynchronizedField("key")]

    #: Short machine name of the type (stored in snapshots for readers of the data).
    type_key = ""
    #: Template that renders the answer form's fieldset.
    template_name = ""
    #: False for reflective answers that a person reads.
    auto_graded = True

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_key_locale_quizzes_question",
            ),
            # A translation keeps its source's key: keys are unique per language.
            models.UniqueConstraint(
                fields=["key", "locale"],
                condition=~models.Q(key=""),
                name="quizzes_question_unique_key_per_locale",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.image_alt_text.strip():
            raise ValidationError({"image_alt_text": _("Describe the image for screen readers.")})

    # The contract each subclass fulfils -------------------------------------------------------

    def snapshot(self, rng, *, shuffle_choices):
        """Freeze this question as presented; subclasses add their options and answers."""
        return {
            "question_id": self.pk,
            "model": self._meta.label_lower,
            "type": self.type_key,
            "type_label": str(self._meta.verbose_name),
            "title": self.title,
            "prompt": self.prompt,
            "image_id": self.image_id,
            "image_alt_text": self.image_alt_text,
            "general_feedback": self.general_feedback,
            "auto_graded": self.auto_graded,
        }

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        """Return the form a learner answers with (see :mod:`quizzes.forms`)."""
        raise ImproperlyConfigured(f"{cls.__name__} must define response_form()")

    # Preview in the admin ---------------------------------------------------------------------

    def preview_snapshot(self):
        """The snapshot of this question as authored (options unshuffled), for previews.

        The question may be unsaved, or have unsaved options, while a trainer edits it: those
        get temporary negative ids here so that every option still has its own key.
        """
        from modelcluster.models import get_all_child_relations

        for relation in get_all_child_relations(self):
            children = getattr(self, relation.get_accessor_name()).all()
            for number, child in enumerate(children, start=1):
                if child.pk is None:
                    child.pk = -number
        return self.snapshot(random.Random(0), shuffle_choices=False)

    def get_preview_template(self, request, mode_name):
        return "quizzes/preview.html"

    def get_preview_context(self, request, mode_name):
        """The learner's view of the question: its answer form, and nothing that marks answers."""
        snapshot = learner_view(self.preview_snapshot())
        return {
            "request": request,
            "snapshot": snapshot,
            "form": self.response_form(snapshot),
            "question_template": self.template_name,
            "question_image": self.image,
        }

    @classmethod
    def grade(cls, snapshot, response):
        """Return a :class:`GradeResult` for ``response`` against ``snapshot``."""
        raise ImproperlyConfigured(f"{cls.__name__} must define grade()")

    @classmethod
    def response_is_complete(cls, snapshot, response):
        """True when ``response`` answers the question (a scenario: when it reached an end)."""
        return any(value for value in (response or {}).values())


def _ordered(items, rng, shuffle):
    """``items`` in the order shown: shuffled if asked, with pinned options kept last."""
    items = list(items)
    if shuffle:
        free = [item for item in items if not getattr(item, "pin_last", False)]
        pinned = [item for item in items if getattr(item, "pin_last", False)]
        rng.shuffle(free)
        items = free + pinned
    return items


class TranslatablePart(TranslatableMixin, Orderable):
    """A question's option, step or pair: its words are translated with the question.

    Translatable on its own (``translation_key`` and ``locale``, the locale taken from its
    question when it is first saved), so wagtail-localize offers its text in the translation
    editor and a sync keeps the translated text instead of copying the English over it. A
    translation of a part keeps its source's ``translation_key``; flags such as "correct" are
    synchronised from the source.
    """

    class Meta(Orderable.Meta):
        abstract = True
        # The id breaks ties, so two databases list a question's parts in the same order.
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_key_locale_%(app_label)s_%(class)s",
            )
        ]

    def save(self, *args, **kwargs):
        # A new part takes its question's language; the question is in memory when it saves
        # its parts, so this costs no query (Wagtail's default would look the question up).
        if self.locale_id is None and self.question_id is not None:
            self.locale_id = self.question.locale_id
        super().save(*args, **kwargs)


class AbstractOption(TranslatablePart):
    """An answer option with the feedback a learner sees if they pick it."""

    text = models.CharField(_("option"), max_length=400)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True, help_text=_("Why it is right or wrong."))
    pin_last = models.BooleanField(
        _("keep last"),
        default=False,
        help_text=_(
            "Keep this option at the end when options are shuffled, such as 'None of these'."
        ),
    )

    class Meta(TranslatablePart.Meta):
        abstract = True

    def __str__(self):
        return self.text


class ChoiceQuestionMixin:
    """Shared by single and multiple choice: options with per-option feedback."""

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        options = _ordered(self.options.all(), rng, shuffle_choices)
        data["options"] = add_tokens(
            [
                {
                    "key": f"q{self.pk}o{o.pk}",
                    "text": o.text,
                    "correct": o.is_correct,
                    "feedback": o.feedback,
                    "pinned": o.pin_last,
                }
                for o in options
            ],
            rng,
        )
        return data


class SingleChoiceQuestion(ChoiceQuestionMixin, Question):
    """Pick the one right answer."""

    type_key = "single_choice"
    template_name = "quizzes/questions/choice.html"

    class Meta:
        verbose_name = _("single choice question")
        verbose_name_plural = _("single choice questions")

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import SingleChoiceForm

        return SingleChoiceForm(snapshot, *args, **form_kwargs)

    @classmethod
    def grade(cls, snapshot, response):
        picked = (response or {}).get("choice")
        correct = {o["key"] for o in snapshot["options"] if o["correct"]}
        return GradeResult(ONE if picked in correct else ZERO, answered=bool(picked))


class SingleChoiceOption(AbstractOption):
    question = ParentalKey(SingleChoiceQuestion, on_delete=models.CASCADE, related_name="options")


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: every right option and no wrong one")
    PARTIAL = "partial", _("Partial credit: each right pick counts, each wrong pick subtracts")


class MultipleChoiceQuestion(ChoiceQuestionMixin, Question):
    """Pick every right answer; scored all-or-nothing or with partial credit and penalties."""

    scoring = models.CharField(
        _("scoring"),
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
    )

    type_key = "multiple_choice"
    template_name = "quizzes/questions/choice.html"

    class Meta:
        verbose_name = _("multiple choice question")
        verbose_name_plural = _("multiple choice questions")

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        data["scoring"] = self.scoring
        return data

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import MultipleChoiceForm

        return MultipleChoiceForm(snapshot, *args, **form_kwargs)

    @classmethod
    def grade(cls, snapshot, response):
        picked = set((response or {}).get("choices") or [])
        right = {o["key"] for o in snapshot["options"] if o["correct"]}
        wrong = {o["key"] for o in snapshot["options"] if not o["correct"]}
        if snapshot.get("scoring") == MultipleChoiceScoring.PARTIAL:
            score = Decimal(len(picked & right)) / max(len(right), 1)
            if wrong:
                score -= Decimal(len(picked & wrong)) / len(wrong)
            score = max(ZERO, min(ONE, score)).quantize(Decimal("0.0001"))
        else:
            score = ONE if picked == right else ZERO
        return GradeResult(score, answered=bool(picked))


class MultipleChoiceOption(AbstractOption):
    question = ParentalKey(MultipleChoiceQuestion, on_delete=models.CASCADE, related_name="options")


class TrueFalseQuestion(Question):
    """Say whether a statement is true or false."""

    correct_answer = models.BooleanField(_("the statement is true"), default=False)
    feedback_true = models.TextField(
        _("feedback for 'True'"), blank=True, help_text=_("Shown to learners who answered True.")
    )
    feedback_false = models.TextField(
        _("feedback for 'False'"), blank=True, help_text=_("Shown to learners who answered False.")
    )

    type_key = "true_false"
    template_name = "quizzes/questions/choice.html"

    class Meta:
        verbose_name = _("true or false question")
        verbose_name_plural = _("true or false questions")

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        # Always True then False, as people expect; the bank balances which is right.
        data["options"] = add_tokens(
            [
                {
                    "key": "true",
                    "text": str(_("True")),
                    "correct": self.correct_answer,
                    "feedback": self.feedback_true,
                },
                {
                    "key": "false",
                    "text": str(_("False")),
                    "correct": not self.correct_answer,
                    "feedback": self.feedback_false,
                },
            ],
            rng,
        )
        return data

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import SingleChoiceForm

        return SingleChoiceForm(snapshot, *args, **form_kwargs)

    grade = SingleChoiceQuestion.grade


class OrderingQuestion(Question):
    """Put the steps in the right order (the natural type for the referral pathway)."""

    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_("Give credit for each step in its right place, not only for a perfect order."),
    )

    type_key = "ordering"
    template_name = "quizzes/questions/ordering.html"

    class Meta:
        verbose_name = _("ordering question")
        verbose_name_plural = _("ordering questions")

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        items = list(self.items.all())
        data["correct_order"] = [f"q{self.pk}i{item.pk}" for item in items]
        shown = list(items)
        # The steps are always shuffled: shown in the right order they would give the answer away.
        for _attempt in range(5):
            rng.shuffle(shown)
            if len(shown) < 2 or shown != items:
                break
        data["items"] = add_tokens(
            [{"key": f"q{self.pk}i{item.pk}", "text": item.text} for item in shown], rng
        )
        data["partial_credit"] = self.partial_credit
        return data

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import OrderingForm

        return OrderingForm(snapshot, *args, **form_kwargs)

    @classmethod
    def grade(cls, snapshot, response):
        order = list((response or {}).get("order") or [])
        correct = snapshot["correct_order"]
        if len(order) != len(correct):
            return GradeResult(ZERO, answered=bool(order))
        if snapshot.get("partial_credit"):
            right = sum(
                1 for given, expected in zip(order, correct, strict=True) if given == expected
            )
            return GradeResult(
                (Decimal(right) / len(correct)).quantize(Decimal("0.0001")), answered=True
            )
        return GradeResult(ONE if order == correct else ZERO, answered=True)


class OrderingItem(TranslatablePart):
    """One step of an ordering question; the sort order is the right order."""

    question = ParentalKey(OrderingQuestion, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("step"), max_length=300)

    def __str__(self):
        return self.text


class MatchingQuestion(Question):
    """Pair each item with its match, such as a sign with its category."""

    partial_credit = models.BooleanField(
        _("partial credit"), default=True, help_text=_("Give credit for each right pair.")
    )

    type_key = "matching"
    template_name = "quizzes/questions/matching.html"

    class Meta:
        verbose_name = _("matching question")
        verbose_name_plural = _("matching questions")

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        pairs = list(self.pairs.all())
        lefts = _ordered(pairs, rng, shuffle_choices)
        rights = list(pairs)
        rng.shuffle(rights)
        key = f"q{self.pk}"
        # Left and right are shuffled apart, and every token is drawn afresh: a left item's
        # place says nothing about its match's.
        taken = set()
        data["left"] = add_tokens(
            [{"key": f"{key}l{p.pk}", "text": p.left} for p in lefts], rng, taken
        )
        data["right"] = add_tokens(
            [{"key": f"{key}r{p.pk}", "text": p.right} for p in rights], rng, taken
        )
        data["answers"] = {f"{key}l{p.pk}": f"{key}r{p.pk}" for p in pairs}
        data["pair_feedback"] = {f"{key}l{p.pk}": p.feedback for p in pairs}
        data["partial_credit"] = self.partial_credit
        return data

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import MatchingForm

        return MatchingForm(snapshot, *args, **form_kwargs)

    @classmethod
    def grade(cls, snapshot, response):
        matches = (response or {}).get("matches") or {}
        answers = snapshot["answers"]
        right = sum(1 for left, expected in answers.items() if matches.get(left) == expected)
        if snapshot.get("partial_credit"):
            score = (Decimal(right) / max(len(answers), 1)).quantize(Decimal("0.0001"))
        else:
            score = ONE if right == len(answers) else ZERO
        return GradeResult(score, answered=bool(matches))


class MatchingPair(TranslatablePart):
    question = ParentalKey(MatchingQuestion, on_delete=models.CASCADE, related_name="pairs")
    left = models.CharField(_("item"), max_length=300)
    right = models.CharField(_("its match"), max_length=300)
    feedback = models.TextField(_("feedback"), blank=True)

    def __str__(self):
        return f"{self.left} → {self.right}"


class FreeTextQuestion(Question):
    """A short reflective answer that a trainer reads; it is not scored."""

    guidance = RichTextField(
        _("guidance for trainers"),
        blank=True,
        features=QUESTION_RICH_TEXT_FEATURES,
        help_text=_("What a good answer would mention."),
    )
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=2000)

    type_key = "free_text"
    template_name = "quizzes/questions/free_text.html"
    auto_graded = False

    class Meta:
        verbose_name = _("reflective question")
        verbose_name_plural = _("reflective questions")

    def snapshot(self, rng, *, shuffle_choices):
        data = super().snapshot(rng, shuffle_choices=shuffle_choices)
        data["guidance"] = self.guidance
        data["max_length"] = self.max_length
        return data

    @classmethod
    def response_form(cls, snapshot, *args, **form_kwargs):
        from quizzes.forms import FreeTextForm

        return FreeTextForm(snapshot, *args, **form_kwargs)

    @classmethod
    def grade(cls, snapshot, response):
        return GradeResult(None, answered=bool((response or {}).get("text")))
