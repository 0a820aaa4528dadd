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
the learner's own attempts at this quiz (anyone else's answers 404).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from elearning.page_cache import allow_learner_page_cache
from modules.blocks import LESSON_RICH_TEXT_FEATURES
from modules.models.pages import LearnerPage, module_of
from quizzes import answer_posts
from quizzes import services as quiz_services
from quizzes.choosers import question_chooser_viewset
from quizzes.models import QuizAttempt, ReviewPolicy


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

    # Serving ----------------------------------------------------------------------------------

    def serve(self, request, view=None, args=None, kwargs=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        from modules.overview import module_overview

        self._module = self.get_module()
        self._overview = module_overview(request.user, self._module)
        if not self._overview.access.allowed:
            return self.render_locked(request, self._module, self._overview.access)
        response = RoutablePageMixin.serve(self, request, view, args, kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    def serve_preview(self, request, mode_name):
        """Trainers preview the questions as learners see them (no right answers marked)."""
        import random

        from quizzes.services import preview_questions

        context = self.get_context(request)
        context["is_preview"] = True
        context["preview_questions"] = preview_questions(self.definition(), random.Random(0))
        return TemplateResponse(request, self.get_template(request), context)

    def get_module(self):
        """The module this quiz belongs to, with what access checks need prefetched."""
        return module_of(self)

    def prepare_for_serving(self):
        super().prepare_for_serving()
        module_of(self)

    def definition(self):
        """The quiz as the engine needs it (read when an attempt starts)."""
        return quiz_services.QuizDefinition(
            quiz_id=self.pk,
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
        )

    def lessons_left(self, overview):
        if not self.requires_lessons:
            return []
        return [
            lesson for lesson in overview.lessons if lesson.id not in overview.completed_lesson_ids
        ]

    def _cycle(self, overview):
        return overview.enrolment.cycle if overview.enrolment else 1

    def _context(self, request, **extra):
        context = self.get_context(request)
        context.update(module=self._module, overview=self._overview, **extra)
        attempt = extra.get("attempt")
        if attempt is not None and attempt.deadline is not None:
            context["minutes_left"] = -(-attempt.seconds_left() // 60)  # rounded up
        return context

    def _attempt(self, request, attempt_uuid):
        attempt = QuizAttempt.objects.filter(
            uuid=attempt_uuid, user=request.user, quiz_id=self.pk
        ).first()
        if attempt is None:
            raise Http404(gettext("No attempt of yours has this address."))
        return attempt

    @path("")
    def quiz_index(self, request):
        from modules.quiz_progress import quiz_standing

        standing = quiz_standing(request.user, self, cycle=self._cycle(self._overview))
        return TemplateResponse(
            request,
            self.get_template(request),
            self._context(
                request, lessons_left=self.lessons_left(self._overview), standing=standing
            ),
        )

    @path("start/")
    def start(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if self.lessons_left(self._overview):
            messages.error(request, gettext("Complete every lesson of the module first."))
            return redirect(self.url)
        from modules import services

        enrolment = services.start_module(user=request.user, module=self._module)
        try:
            attempt, created = quiz_services.start_attempt(
                user=request.user, definition=self.definition(), cycle=enrolment.cycle
            )
        except quiz_services.QuizError as error:
            messages.error(request, str(error))
            return redirect(self.url)
        if not created:
            messages.info(request, gettext("Welcome back: your answers so far are saved."))
        return redirect(self.attempt_url(attempt, _first_unanswered(attempt)))

    @path("attempt/<uuid:attempt_uuid>/<int:number>/")
    def question(self, request, attempt_uuid, number):
        from quizzes.services import question_class

        attempt = self._attempt(request, attempt_uuid)
        if attempt.is_submitted:
            return redirect(self.result_url(attempt))
        if quiz_services.submit_if_overdue(attempt):
            messages.warning(request, gettext("Time is up: your saved answers were submitted."))
            return redirect(self.result_url(attempt))
        if not 1 <= number <= len(attempt.questions):
            raise Http404(gettext("This attempt has no question with that number."))
        position = number - 1
        snapshot = attempt.questions[position]
        # Every saved answer at once: this one fills the form, all of them mark the navigator.
        responses = list(attempt.responses.all())
        saved = next((r for r in responses if r.position == position), None)
        form_class = question_class(snapshot)

        saved_response = saved.response if saved else None
        if request.method == "POST" and _scenario_finished(form_class, snapshot, saved_response):
            # A finished scenario has nothing left to answer: its buttons only move on.
            return self._move_on(request, attempt, number)
        if request.method == "POST":
            unbound = form_class.response_form(snapshot, response=saved_response)
            if (refused := answer_posts.refuse_odd_post(request, unbound)) is not None:
                return refused
            form = form_class.response_form(snapshot, request.POST, response=saved_response)
            if not form.is_valid():
                messages.error(request, gettext("Please correct the answer below."))
            else:
                response = form.response()
                try:
                    quiz_services.save_response(
                        attempt=attempt,
                        position=position,
                        response=response,
                        expected_version=request.POST.get("saved_version"),
                    )
                except quiz_services.AttemptClosed as error:
                    messages.error(request, str(error))
                    quiz_services.submit_if_overdue(attempt)
                    return redirect(self.result_url(attempt))
                except quiz_services.StaleAnswer as error:
                    if not answer_posts.already_saved(attempt, position, response):
                        messages.warning(request, str(error))
                        return redirect(self.attempt_url(attempt, number))
                    messages.info(request, gettext("This answer was already saved."))
                if snapshot.get("type") == "scenario" and not form_class.response_is_complete(
                    snapshot, response
                ):
                    # A scenario goes on to its next stage on the same question page. Other
                    # questions may be left blank: the learner moves on and the review lists them.
                    return redirect(self.attempt_url(attempt, number))
                return self._move_on(request, attempt, number)
        else:
            form = form_class.response_form(snapshot, response=saved_response)

        answered = _answered_positions(attempt, responses)
        page = TemplateResponse(
            request,
            "modules/quiz_question.html",
            self._context(
                request,
                attempt=attempt,
                snapshot=snapshot,
                form=form,
                number=number,
                total=len(attempt.questions),
                question_template=form_class.template_name,
                question_image=_image(snapshot.get("image_id")),
                saved_version=quiz_services.response_version(saved),
                navigator=self._navigator(attempt, answered),
            ),
        )
        if request.method == "GET" and attempt.deadline is None:
            # Without a time limit the page changes only when the learner's records do.
            allow_learner_page_cache(page)
        return page

    def _move_on(self, request, attempt, number):
        """Where the button pressed leads: the previous or next question, or the review."""
        action = request.POST.get("action")
        if action == "previous" and number > 1:
            return redirect(self.attempt_url(attempt, number - 1))
        if action == "next" and number < len(attempt.questions):
            return redirect(self.attempt_url(attempt, number + 1))
        return redirect(self.review_url(attempt))

    @path("attempt/<uuid:attempt_uuid>/review/")
    def review(self, request, attempt_uuid):
        attempt = self._attempt(request, attempt_uuid)
        if attempt.is_submitted or quiz_services.submit_if_overdue(attempt):
            return redirect(self.result_url(attempt))
        answered = _answered_positions(attempt)
        unanswered = [n for n in range(1, len(attempt.questions) + 1) if (n - 1) not in answered]
        if request.method == "POST":
            if unanswered and request.POST.get("confirm_unanswered") != "yes":
                messages.error(
                    request,
                    gettext(
                        "Some questions have no answer. Answer them, or tick the box to submit "
                        "anyway."
                    ),
                )
            else:
                attempt = quiz_services.submit_attempt(attempt=attempt)
                return redirect(self.result_url(attempt))
        return TemplateResponse(
            request,
            "modules/quiz_review.html",
            self._context(
                request,
                attempt=attempt,
                unanswered=unanswered,
                total=len(attempt.questions),
            ),
        )

    @path("attempt/<uuid:attempt_uuid>/result/")
    def result(self, request, attempt_uuid):
        from modules.quiz_progress import attempt_review, quiz_standing

        attempt = self._attempt(request, attempt_uuid)
        if not attempt.is_submitted:
            return redirect(self.attempt_url(attempt, _first_unanswered(attempt)))
        standing = quiz_standing(request.user, self, cycle=attempt.cycle)
        return TemplateResponse(
            request,
            "modules/quiz_result.html",
            self._context(
                request,
                attempt=attempt,
                standing=standing,
                review=attempt_review(attempt, standing),
            ),
        )

    # URLs -------------------------------------------------------------------------------------

    def attempt_url(self, attempt, number, page_url=None):
        return (page_url or self.url) + self.reverse_subpage(
            "question", kwargs={"attempt_uuid": attempt.uuid, "number": number}
        )

    def _navigator(self, attempt, answered):
        """``(number, answered, url)`` for each question of the attempt.

        One URL is reversed; the others differ from it only in the number at the end
        (``attempt/<uuid>/<number>/``).
        """
        first = self.attempt_url(attempt, 1)
        prefix = first.removesuffix("1/")
        return [
            (number, (number - 1) in answered, f"{prefix}{number}/")
            for number in range(1, len(attempt.questions) + 1)
        ]

    def review_url(self, attempt):
        return self.url + self.reverse_subpage("review", kwargs={"attempt_uuid": attempt.uuid})

    def result_url(self, attempt):
        return self.url + self.reverse_subpage("result", kwargs={"attempt_uuid": attempt.uuid})


def _image(image_id):
    if not image_id:
        return None
    from wagtail.images import get_image_model

    return get_image_model().objects.filter(pk=image_id).first()


def _answered_positions(attempt, responses=None):
    """Positions whose saved response answers the question (a scenario: reached an end)."""
    from quizzes.services import question_class

    answered = set()
    for saved in attempt.responses.all() if responses is None else responses:
        snapshot = attempt.questions[saved.position]
        if question_class(snapshot).response_is_complete(snapshot, saved.response):
            answered.add(saved.position)
    return answered


def _scenario_finished(form_class, snapshot, saved_response):
    """True for a scenario question whose saved path has reached an end."""
    return snapshot.get("type") == "scenario" and form_class.response_is_complete(
        snapshot, saved_response
    )


def _first_unanswered(attempt):
    answered = _answered_positions(attempt)
    for position in range(len(attempt.questions)):
        if position not in answered:
            return position + 1
    return 1


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
