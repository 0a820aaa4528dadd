"""
A lesson: its teaching blocks, "mark as complete", and the way on to the next step.

A lesson page takes three posts: ``complete`` (marks the lesson done for this learner's current
cycle and moves on: the next lesson, the quiz, or the module page when the module is complete),
and ``practice`` / ``practice-restart`` (a practice scenario block's decisions, see
:mod:`modules.scenario_practice`). Anything else is refused with a message.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from elearning.offline import allow_offline
from modules import services
from modules.models import LessonPage
from modules.models.serving import serves
from modules.overview import module_overview
from modules.page_views.base import PageView, render_locked
from modules.scenario_practice import handle_practice_post, has_practice_state
from modules.signals import lesson_viewed


@serves(LessonPage)
class LessonView(PageView):
    def serve(self, page, request, *args, **kwargs):
        module = page.get_module()
        overview = module_overview(request.user, module)
        if not overview.access.allowed:
            return render_locked(request, page, module, overview.access)
        if request.method == "POST":
            return self.post(page, request, module)
        response = super().serve(page, request, *args, **kwargs)
        response.context_data.update(
            module=module,
            overview=overview,
            is_completed=page.id in overview.completed_lesson_ids,
            previous_lesson=lesson_before(overview.lessons, page),
            next_lesson=lesson_after(overview.lessons, page) or overview.next_quiz,
            position=position_of(overview.lessons, page),
        )
        if not has_practice_state(request, page):
            # Kept for reading offline, unless it shows this learner's scenario practice.
            allow_offline(response)
        lesson_viewed.send(sender=LessonPage, user=request.user, lesson=page)
        return response

    def post(self, page, request, module):
        action = request.POST.get("action")
        if action in ("practice", "practice-restart"):
            return handle_practice_post(request, page)
        if action != "complete":
            messages.error(request, _("That action is not available on this page."))
            return redirect(page.url)
        result = services.mark_lesson_complete(user=request.user, lesson=page)
        if result.module_completed:
            messages.success(
                request,
                _("Well done: you have completed every lesson of %(module)s.")
                % {"module": module.title},
            )
            return redirect(module.url)
        if result.newly_completed:
            messages.success(request, _("Lesson marked as complete."))
        overview = module_overview(request.user, module)
        following = lesson_after(overview.lessons, page) or overview.next_step
        return redirect(following.url if following else module.url)


def position_of(lessons, lesson):
    """The lesson's place in the module, counting from 1 (None when it is not live there)."""
    for index, item in enumerate(lessons, start=1):
        if item.id == lesson.id:
            return index
    return None


def lesson_before(lessons, lesson):
    position = position_of(lessons, lesson)
    return lessons[position - 2] if position and position > 1 else None


def lesson_after(lessons, lesson):
    position = position_of(lessons, lesson)
    return lessons[position] if position and position < len(lessons) else None
