"""
The quiz page and the learner's way through an attempt (routes named on
:class:`modules.models.QuizPage`).

Every route needs a signed-in learner who may open the module: :meth:`QuizView.serve` checks
that once, keeps the module and the learner's standing for the request (``request.quiz_visit``)
and then lets the page's routing call the route. An attempt is found only among the learner's
own attempts at this quiz (anyone else's answers 404).
"""

import random
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import FilteredRelation, Q, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.images import get_image_model

from elearning.page_cache import allow_learner_page_cache
from modules import services, translations
from modules.models import QuizPage
from modules.models.serving import serves
from modules.overview import ModuleOverview, module_overview
from modules.page_views.base import PageView, render_locked
from modules.quiz_progress import attempt_review, quiz_standing
from modules.revisit import lessons_to_revisit
from quizzes import answer_posts
from quizzes import services as quiz_services
from quizzes.models import QuizAttempt, ReviewPolicy


@dataclass
class QuizVisit:
    """The module of the quiz being served and the learner's standing in it (one request)."""

    module: object
    overview: ModuleOverview

    @property
    def cycle(self):
        return self.overview.enrolment.cycle if self.overview.enrolment else 1


@serves(QuizPage)
class QuizView(PageView):
    def serve(self, page, request, view=None, args=None, kwargs=None):
        module = page.get_module()
        overview = module_overview(request.user, module)
        if not overview.access.allowed:
            return render_locked(request, page, module, overview.access)
        request.quiz_visit = QuizVisit(module=module, overview=overview)
        response = RoutablePageMixin.serve(page, request, view, args, kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    def preview(self, page, request, mode_name):
        """Trainers preview the questions as learners see them (no right answers marked)."""
        response = super().preview(page, request, mode_name)
        response.context_data["preview_questions"] = quiz_services.preview_questions(
            page.definition(), random.Random(0)
        )
        return response

    # Routes -----------------------------------------------------------------------------------

    def quiz_index(self, page, request):
        visit = request.quiz_visit
        standing = quiz_standing(request.user, page, cycle=visit.cycle)
        return TemplateResponse(
            request,
            page.get_template(request),
            _context(
                page,
                request,
                lessons_left=lessons_left(page, visit.overview),
                standing=standing,
            ),
        )

    def start(self, page, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        visit = request.quiz_visit
        if lessons_left(page, visit.overview):
            messages.error(request, gettext("Complete every lesson of the module first."))
            return redirect(page.url)
        enrolment = services.start_module(user=request.user, module=visit.module)
        try:
            attempt, created = quiz_services.start_attempt(
                user=request.user,
                definition=page.definition(),
                cycle=enrolment.cycle,
                language=request.LANGUAGE_CODE,
            )
        except quiz_services.QuizError as error:
            messages.error(request, str(error))
            return redirect(page.url)
        if not created:
            messages.info(request, gettext("Welcome back: your answers so far are saved."))
        return redirect(page.attempt_url(attempt, first_unanswered(attempt)))

    def question(self, page, request, attempt_uuid, number):
        position = number - 1
        # The answer saved to this question comes with the attempt: all a save needs.
        attempt = _attempt(page, request, attempt_uuid, with_response_at=position)
        if attempt.is_submitted:
            return redirect(page.result_url(attempt))
        if quiz_services.submit_if_overdue(attempt):
            messages.warning(request, gettext("Time is up: your saved answers were submitted."))
            return redirect(page.result_url(attempt))
        if not 1 <= number <= len(attempt.questions):
            raise Http404(gettext("This attempt has no question with that number."))
        snapshot = attempt.questions[position]
        saved = attempt.response_here
        form_class = quiz_services.question_class(snapshot)

        saved_response = saved.response if saved else None
        if request.method == "POST" and scenario_finished(form_class, snapshot, saved_response):
            # A finished scenario has nothing left to answer: its buttons only move on.
            return move_on(page, request, attempt, number)
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
                    return redirect(page.result_url(attempt))
                except quiz_services.StaleAnswer as error:
                    if not answer_posts.already_saved(attempt, position, response):
                        messages.warning(request, str(error))
                        return redirect(page.attempt_url(attempt, number))
                    messages.info(request, gettext("This answer was already saved."))
                if snapshot.get("type") == "scenario" and not form_class.response_is_complete(
                    snapshot, response
                ):
                    # A scenario goes on to its next stage on the same question page. Other
                    # questions may be left blank: the learner moves on and the review lists them.
                    # The next stage opens at its choices (focused, without script).
                    return redirect(page.attempt_url(attempt, number) + "#choices")
                return move_on(page, request, attempt, number)
        else:
            form = form_class.response_form(snapshot, response=saved_response)

        # Drawing the page: every saved answer marks the navigator.
        answered = answered_positions(attempt)
        response = TemplateResponse(
            request,
            "modules/quiz_question.html",
            _context(
                page,
                request,
                attempt=attempt,
                snapshot=snapshot,
                form=form,
                number=number,
                total=len(attempt.questions),
                question_template=form_class.template_name,
                question_image=_image(snapshot.get("image_id")),
                saved_version=quiz_services.response_version(saved),
                navigator=navigator(page, attempt, answered),
            ),
        )
        if request.method == "GET" and attempt.deadline is None:
            # Without a time limit the page changes only when the learner's records do.
            allow_learner_page_cache(response)
        return response

    def review(self, page, request, attempt_uuid):
        attempt = _attempt(page, request, attempt_uuid)
        if attempt.is_submitted or quiz_services.submit_if_overdue(attempt):
            return redirect(page.result_url(attempt))
        answered = answered_positions(attempt)
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
                return redirect(page.result_url(attempt))
        return TemplateResponse(
            request,
            "modules/quiz_review.html",
            _context(
                page,
                request,
                attempt=attempt,
                unanswered=unanswered,
                total=len(attempt.questions),
            ),
        )

    def result(self, page, request, attempt_uuid):
        attempt = _attempt(page, request, attempt_uuid)
        if not attempt.is_submitted:
            return redirect(page.attempt_url(attempt, first_unanswered(attempt)))
        standing = quiz_standing(request.user, page, cycle=attempt.cycle)
        # The review and the lessons to revisit read the same saved answers: load them once.
        prefetch_related_objects([attempt], "responses")
        review = attempt_review(attempt, standing)
        revisit = []
        if ReviewPolicy(attempt.review_policy).shows_correctness:
            revisit = lessons_to_revisit(request.quiz_visit.module, attempt)
        return TemplateResponse(
            request,
            "modules/quiz_result.html",
            _context(
                page,
                request,
                attempt=attempt,
                standing=standing,
                review=review,
                revisit=revisit,
                missed_count=sum(1 for item in review if item.is_correct is False),
            ),
        )


def lessons_left(page, overview):
    """The module's lessons this learner has still to complete before the quiz opens."""
    if not page.requires_lessons:
        return []
    return [lesson for lesson in overview.lessons if lesson.id not in overview.completed_lesson_ids]


def move_on(page, request, attempt, number):
    """Where the button pressed leads: the previous or next question, or the review."""
    action = request.POST.get("action")
    if action == "previous" and number > 1:
        return redirect(page.attempt_url(attempt, number - 1))
    if action == "next" and number < len(attempt.questions):
        return redirect(page.attempt_url(attempt, number + 1))
    return redirect(page.review_url(attempt))


def navigator(page, attempt, answered):
    """``(number, answered, url)`` for each question of the attempt.

    One URL is reversed; the others differ from it only in the number at the end
    (``attempt/<uuid>/<number>/``).
    """
    first = page.attempt_url(attempt, 1)
    prefix = first.removesuffix("1/")
    return [
        (number, (number - 1) in answered, f"{prefix}{number}/")
        for number in range(1, len(attempt.questions) + 1)
    ]


def answered_positions(attempt, responses=None):
    """Positions whose saved response answers the question (a scenario: reached an end)."""
    answered = set()
    for saved in attempt.responses.all() if responses is None else responses:
        snapshot = attempt.questions[saved.position]
        if quiz_services.question_class(snapshot).response_is_complete(snapshot, saved.response):
            answered.add(saved.position)
    return answered


def scenario_finished(form_class, snapshot, saved_response):
    """True for a scenario question whose saved path has reached an end."""
    return snapshot.get("type") == "scenario" and form_class.response_is_complete(
        snapshot, saved_response
    )


def first_unanswered(attempt):
    """The number (from 1) of the first question without a complete answer, else 1."""
    answered = answered_positions(attempt)
    for position in range(len(attempt.questions)):
        if position not in answered:
            return position + 1
    return 1


def _context(page, request, **extra):
    visit = request.quiz_visit
    context = page.get_context(request)
    context.update(module=visit.module, overview=visit.overview, **extra)
    attempt = extra.get("attempt")
    if attempt is not None and attempt.deadline is not None:
        context["minutes_left"] = -(-attempt.seconds_left() // 60)  # rounded up
    return context


def _attempt(page, request, attempt_uuid, *, with_response_at=None):
    """The learner's own attempt at this quiz with that id (404 for anyone else's).

    With ``with_response_at``, the answer saved at that position comes in the same query, as
    ``attempt.response_here`` (None when there is none).
    """
    attempts = QuizAttempt.objects.filter(
        uuid=attempt_uuid, user=request.user, quiz_id=translations.record_id(page)
    )
    if with_response_at is not None:
        here = Q(responses__position=with_response_at)
        attempts = attempts.annotate(
            response_here=FilteredRelation("responses", condition=here)
        ).select_related("response_here")
    attempt = attempts.first()
    if attempt is None:
        raise Http404(gettext("No attempt of yours has this address."))
    if with_response_at is not None and not hasattr(attempt, "response_here"):
        attempt.response_here = None  # Django sets it only when the row exists
    attempt.user = request.user  # the learner signed in, already loaded
    return attempt


def _image(image_id):
    if not image_id:
        return None
    return get_image_model().objects.filter(pk=image_id).first()
