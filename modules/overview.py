"""
Where a learner stands in each module: the read side of progress.

:func:`module_overviews` answers, for one learner and a list of modules, the status of each
(not started, in progress with a percentage, completed, or locked with the reason), the lessons
done, the lesson to continue with and the date of the last activity. It costs a fixed number of
queries however many modules and lessons there are, so the catalogue, a module page, a lesson
page and the learner's dashboard all use it.

The percentage counts only lessons that are live now: a lesson added later lowers it, and a
lesson withdrawn stops counting.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from elearning import content_memo
from modules.access import (
    OPEN_ANY_MODULE_PERMISSION,
    ModuleAccess,
    check_module_access,
    learner_group_ids,
)
from modules.models import Enrolment, LessonPage, LessonProgress, QuizPage
from modules.validity import is_expired, is_refresher_due
from quizzes.models import QuizAttempt


class ModuleStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFRESHER_DUE = "refresher_due", _("Refresher due")
    EXPIRED = "expired", _("Expired")
    LOCKED = "locked", _("Locked")

    @property
    def css_modifier(self):
        return self.value.replace("_", "-")


@dataclass
class ModuleOverview:
    """One learner's standing in one module (its current cycle)."""

    module: object
    status: ModuleStatus
    access: ModuleAccess
    lessons: list = field(default_factory=list)
    completed_lesson_ids: set = field(default_factory=set)
    #: The module's live quizzes, and the ids of those passed in the current cycle.
    quizzes: list = field(default_factory=list)
    passed_quiz_ids: set = field(default_factory=set)
    enrolment: object = None
    #: Set when the learner completed the module in any cycle (the date of the latest).
    completed_at: object = None

    @property
    def lesson_count(self):
        return len(self.lessons)

    @property
    def estimated_minutes(self):
        """Minutes for every live lesson, from their words and activities (modules.estimates)."""
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @property
    def completed_count(self):
        return sum(1 for lesson in self.lessons if lesson.id in self.completed_lesson_ids)

    @property
    def step_count(self):
        return len(self.lessons) + len(self.quizzes)

    @property
    def completed_step_count(self):
        return self.completed_count + sum(1 for q in self.quizzes if q.id in self.passed_quiz_ids)

    @property
    def percent(self):
        """Share of steps (lessons and quizzes) done in the current cycle."""
        if self.enrolment is not None and self.enrolment.completed_at is not None:
            return 100
        if not self.step_count:
            return 0
        return round(100 * self.completed_step_count / self.step_count)

    @property
    def next_lesson(self):
        """The first lesson, in order, that is not yet complete (None when all are)."""
        for lesson in self.lessons:
            if lesson.id not in self.completed_lesson_ids:
                return lesson
        return None

    @property
    def lessons_done(self):
        return self.completed_count == self.lesson_count

    @property
    def next_quiz(self):
        """The first quiz not yet passed in this cycle (None when all are)."""
        for quiz in self.quizzes:
            if quiz.id not in self.passed_quiz_ids:
                return quiz
        return None

    @property
    def next_step(self):
        """Where to continue: the next lesson, else the quiz still to pass."""
        return self.next_lesson or self.next_quiz

    @property
    def is_current(self):
        """Completed in the current cycle and not expired (a refresher may still be due)."""
        return self.status in (ModuleStatus.COMPLETED, ModuleStatus.REFRESHER_DUE)

    @property
    def needs_refresher(self):
        """The learner can start a refresher now (the module page offers the button)."""
        return self.status in (ModuleStatus.REFRESHER_DUE, ModuleStatus.EXPIRED)

    @property
    def valid_until(self):
        return self.enrolment.valid_until if self.enrolment else None

    @property
    def last_activity_at(self):
        return self.enrolment.last_activity_at if self.enrolment else None


def module_overviews(user, modules):
    """Return a :class:`ModuleOverview` per module, in the order given.

    ``modules`` should come from :func:`modules.models.live_modules_queryset`. Costs one query
    each for the learner's groups, enrolments, passed quizzes and the lesson progress of the
    current cycles, plus the modules' lessons and quizzes once per content version
    (:func:`_module_steps`).
    """
    modules = list(modules)
    if not modules:
        return []
    module_ids = [m.id for m in modules]
    group_ids = learner_group_ids(user)
    can_open_any = user.has_perm(OPEN_ANY_MODULE_PERMISSION)

    current_enrolments = {}
    completed_at_by_module = {}
    completed_module_ids = set()
    for enrolment in Enrolment.objects.filter(user=user).latest_cycles():
        # Completion of a prerequisite counts from any module, not only the ones listed here.
        if enrolment.completed_at is not None:
            completed_module_ids.add(enrolment.module_id)
            completed_at_by_module[enrolment.module_id] = enrolment.completed_at
        if enrolment.module_id in module_ids:
            current_enrolments[enrolment.module_id] = enrolment  # newest cycle wins

    lessons_by_module, quizzes_by_module = _module_steps(modules)
    passed_quizzes = set()
    quiz_ids = [q.id for quizzes in quizzes_by_module.values() for q in quizzes]
    if quiz_ids:
        passed_quizzes = set(
            QuizAttempt.objects.filter(user=user, quiz_id__in=quiz_ids, passed=True).values_list(
                "quiz_id", "cycle"
            )
        )

    completed_by_enrolment = {}
    if current_enrolments:
        rows = LessonProgress.objects.filter(
            enrolment_id__in=[e.id for e in current_enrolments.values()]
        ).values_list("enrolment_id", "lesson_id")
        for enrolment_id, lesson_id in rows:
            completed_by_enrolment.setdefault(enrolment_id, set()).add(lesson_id)

    overviews = []
    for module in modules:
        access = check_module_access(
            user,
            module,
            group_ids=group_ids,
            completed_module_ids=completed_module_ids,
            can_open_any=can_open_any,
        )
        enrolment = current_enrolments.get(module.id)
        done = completed_by_enrolment.get(enrolment.id, set()) if enrolment else set()
        overview = ModuleOverview(
            module=module,
            status=ModuleStatus.NOT_STARTED,
            access=access,
            lessons=lessons_by_module[module.id],
            completed_lesson_ids=done,
            quizzes=quizzes_by_module[module.id],
            passed_quiz_ids={
                q.id
                for q in quizzes_by_module[module.id]
                if (q.id, enrolment.cycle if enrolment else 1) in passed_quizzes
            },
            enrolment=enrolment,
            completed_at=completed_at_by_module.get(module.id),
        )
        overview.status = _status(overview)
        overviews.append(overview)
    return overviews


def _module_steps(modules):
    """The live lessons and quizzes of each module, in tree order: ``(lessons, quizzes)`` by id.

    Content alone decides them, so they are worked out once per content version
    (:mod:`elearning.content_memo`); two queries otherwise.
    """
    key = ("module-steps", tuple((m.id, m.path, m.depth) for m in modules))
    return content_memo.remember(key, lambda: _load_module_steps(modules))


def _load_module_steps(modules):
    path_to_module = {m.path: m.id for m in modules}
    depths = {m.depth + 1 for m in modules}
    in_modules = _path_prefix_filter([m.path for m in modules])
    steplen = LessonPage.steplen

    def by_module(rows):
        grouped = {m.id: [] for m in modules}
        for row in rows:
            module_id = path_to_module.get(row.path[: (row.depth - 1) * steplen])
            if module_id is not None:
                grouped[module_id].append(row)
        return grouped

    lessons = by_module(
        LessonPage.objects.live()
        .filter(depth__in=depths)
        .filter(in_modules)
        .only("id", "title", "slug", "url_path", "path", "depth", "estimated_minutes")
        .order_by("path")
    )
    quizzes = by_module(
        QuizPage.objects.live()
        .filter(depth__in=depths)
        .filter(in_modules)
        .only("id", "title", "slug", "url_path", "path", "depth")
        .order_by("path")
    )
    return lessons, quizzes


def module_overview(user, module):
    """The overview of one module (see :func:`module_overviews`)."""
    return module_overviews(user, [module])[0]


def _status(overview):
    enrolment = overview.enrolment
    if enrolment is not None and enrolment.completed_at is not None:
        if is_expired(enrolment.valid_until):
            return ModuleStatus.EXPIRED
        if enrolment.refresher_requested_at is not None or is_refresher_due(enrolment.valid_until):
            return ModuleStatus.REFRESHER_DUE
        return ModuleStatus.COMPLETED
    if not overview.access.allowed:
        return ModuleStatus.LOCKED
    if overview.enrolment is not None:
        return ModuleStatus.IN_PROGRESS
    return ModuleStatus.NOT_STARTED


def _path_prefix_filter(paths):
    condition = models.Q()
    for path in paths:
        condition |= models.Q(path__startswith=path)
    return condition
