"""
The quiz page: a module's assessed quiz, and the learner's way through an attempt.

Trainers set the quiz here, with revisions, preview and publishing like any page: which bank
questions it asks (a fixed list, and/or N drawn at random from a category), the pass mark, the
attempts allowed, an optional time limit, shuffling, and what learners see afterwards. The page
hands these to the engine as a :class:`quizzes.services.QuizDefinition`.

Routes below the page (``/general-awareness/quiz/...``)::

    ""                          introduction, what is left before the quiz opens, attempt history
    "start/"                    POST: start or resume an attempt
    "attempt/<uuid>/<n>/"       question n (GET shows it, POST saves the answer and moves on)
    "attempt/<uuid>/review/"    answered and unanswered questions; POST submits
    "attempt/<uuid>/result/"    score, pass or fail, feedback by the review policy

Every route needs a signed-in learner who may open the module; an attempt is found only among
the learner's own attempts at this quiz (anyone else's answers 404). What each route does is in
:mod:`modules.page_views.quiz`; the page keeps the routes' names and addresses.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from modules import translations
from modules.blocks import LESSON_RICH_TEXT_FEATURES
from modules.models.pages import LearnerPage, module_of
from modules.models.serving import learner_view
from quizzes import services as quiz_services
from quizzes.choosers import question_chooser_viewset
from quizzes.models import ReviewPolicy


class QuizPage(RoutablePageMixin, LearnerPage):
    """A module's assessed quiz."""

    intro = RichTextField(_("introduction"), blank=True, features=LESSON_RICH_TEXT_FEATURES)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no time limit. Learners can be granted extra time."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle answer options"), default=True)
    review_policy = models.CharField(
        _("after an attempt, learners see"),
        max_length=30,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.EXPLANATIONS,
    )
    requires_lessons = models.BooleanField(
        _("open only after every lesson is complete"), default=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("quiz_questions", heading=_("Questions"), label=_("Question")),
        InlinePanel("random_draws", heading=_("Questions drawn at random"), label=_("Random draw")),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("review_policy"),
                FieldPanel("requires_lessons"),
            ],
            heading=_("Quiz rules"),
        )
    ]

    parent_page_types = ["modules.TrainingModulePage"]
    subpage_types = []
    template = "modules/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")

    # Serving: the views live in modules.page_views.quiz (see modules.models.serving) ---------

    def serve(self, request, view=None, args=None, kwargs=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return learner_view(self).serve(self, request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        # RoutablePageMixin's preview would run the index route, which needs a learner's visit.
        return learner_view(self).preview(self, request, mode_name)

    def get_module(self):
        """The module this quiz belongs to, with what access checks need prefetched."""
        return module_of(self)

    def prepare_for_serving(self):
        super().prepare_for_serving()
        module_of(self)

    def question_count(self):
        """How many questions an attempt asks: the fixed ones plus those drawn at random."""
        drawn = self.random_draws.aggregate(total=models.Sum("count"))["total"] or 0
        return self.quiz_questions.count() + drawn

    def definition(self):
        """The quiz as the engine needs it (read when an attempt starts)."""
        return quiz_services.QuizDefinition(
            # A translated quiz records against its source (one record across languages).
            quiz_id=translations.record_id(self),
            title=self.title,
            pass_mark=self.pass_mark,
            review_policy=self.review_policy,
            max_attempts=self.max_attempts,
            time_limit_minutes=self.time_limit_minutes,
            shuffle_questions=self.shuffle_questions,
            shuffle_choices=self.shuffle_choices,
            question_ids=tuple(
                q.question_id for q in self.quiz_questions.order_by("sort_order", "pk")
            ),
            random_draws=tuple((d.category_id, d.count) for d in self.random_draws.all()),
            source_locale_id=translations.default_locale_id(),
            locale_id=self.locale_id,
        )

    # The quiz's own addresses. Each route hands the request to the page view's method of the
    # same name; the names are what reverse_subpage and the templates use.

    @path("")
    def quiz_index(self, request):
        return learner_view(self).quiz_index(self, request)

    @path("start/")
    def start(self, request):
        return learner_view(self).start(self, request)

    @path("attempt/<uuid:attempt_uuid>/<int:number>/")
    def question(self, request, attempt_uuid, number):
        return learner_view(self).question(self, request, attempt_uuid, number)

    @path("attempt/<uuid:attempt_uuid>/review/")
    def review(self, request, attempt_uuid):
        return learner_view(self).review(self, request, attempt_uuid)

    @path("attempt/<uuid:attempt_uuid>/result/")
    def result(self, request, attempt_uuid):
        return learner_view(self).result(self, request, attempt_uuid)

    def attempt_url(self, attempt, number, page_url=None):
        return (page_url or self.url) + self.reverse_subpage(
            "question", kwargs={"attempt_uuid": attempt.uuid, "number": number}
        )

    def review_url(self, attempt):
        return self.url + self.reverse_subpage("review", kwargs={"attempt_uuid": attempt.uuid})

    def result_url(self, attempt):
        return self.url + self.reverse_subpage("result", kwargs={"attempt_uuid": attempt.uuid})


class QuizPageQuestion(Orderable):
    """A bank question asked by a quiz, in this order."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )

    panels = [FieldPanel("question", widget=question_chooser_viewset.widget_class)]

    def __str__(self):
        return str(self.question)


class QuizRandomDraw(Orderable):
    """Draw ``count`` questions at random from a category, afresh for every attempt."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="random_draws")
    category = models.ForeignKey(
        "quizzes.QuestionCategory", on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("how many"), default=5)

    panels = [FieldPanel("category"), FieldPanel("count")]
