"""
Where a learner stands in each module: the read side of progress.

:func:`module_overviews` answers, for one learner and a list of modules, the status of each
(not started, in progress with a percentage, completed, or locked with the reason), the lessons
done, the lesson to continue with and the date of the last activity. It costs a fixed number of
queries however many modules and lessons there are, so the catalogue, a module page, a lesson
page and the learner's dashboard all use it.

The percentage counts only lessons that are live now: a lesson added later lowers it, and a
lesson withdrawn stops counting.

Records are written against source (English) pages; the pages shown may be their translations.
Records and pages are matched by Wagtail's ``translation_key`` (read in the same queries), so a
learner's standing is the same in every language (:mod:`modules.translations`).
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
from modules.models import Enrolment, LessonPage, QuizPage
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
    for the learner's records (enrolments with the lessons each has done, and the quizzes
    passed: :func:`_learner_records`), the learner's groups unless the account came with them
    (:mod:`elearning.permissions`), plus the modules' lessons and quizzes once per content
    version (:func:`_module_steps`).
    """
    modules = list(modules)
    if not modules:
        return []
    module_keys = {m.translation_key for m in modules}
    group_ids = learner_group_ids(user)
    can_open_any = user.has_perm(OPEN_ANY_MODULE_PERMISSION)

    lessons_by_module, quizzes_by_module = _module_steps(modules)
    quiz_keys = [q.translation_key for quizzes in quizzes_by_module.values() for q in quizzes]
    current_enrolments = {}
    completed_at_by_module = {}
    completed_module_ids = set()
    enrolments, completed_by_enrolment, passed_quizzes = _learner_records(user, quiz_keys)
    for enrolment in enrolments:
        # Completion of a prerequisite counts from any module, not only the ones listed here,
        # and in any language: by id and by translation key (modules.access).
        if enrolment.completed_at is not None:
            completed_module_ids.update((enrolment.module_id, enrolment.module_key))
            completed_at_by_module[enrolment.module_key] = enrolment.completed_at
        if enrolment.module_key in module_keys:
            current_enrolments[enrolment.module_key] = enrolment  # newest cycle wins

    overviews = []
    for module in modules:
        access = check_module_access(
            user,
            module,
            group_ids=group_ids,
            completed_module_ids=completed_module_ids,
            can_open_any=can_open_any,
        )
        enrolment = current_enrolments.get(module.translation_key)
        done_keys = completed_by_enrolment.get(enrolment.id, set()) if enrolment else set()
        lessons = lessons_by_module[module.id]
        overview = ModuleOverview(
            module=module,
            status=ModuleStatus.NOT_STARTED,
            access=access,
            lessons=lessons,
            completed_lesson_ids={
                lesson.id for lesson in lessons if lesson.translation_key in done_keys
            },
            quizzes=quizzes_by_module[module.id],
            passed_quiz_ids={
                q.id
                for q in quizzes_by_module[module.id]
                if (q.translation_key, enrolment.cycle if enrolment else 1) in passed_quizzes
            },
            enrolment=enrolment,
            completed_at=completed_at_by_module.get(module.translation_key),
        )
        overview.status = _status(overview)
        overviews.append(overview)
    return overviews


def _learner_records(user, quiz_keys):
    """``user``'s enrolments, the lessons each has done and the quizzes passed, in one query.

    Returns ``(enrolments, {enrolment id: {lesson translation key}}, {(quiz translation key,
    cycle)})``: all of the learner's enrolments (per module, newest cycle last), each carrying
    ``module_key``, its module's translation key; and which of the quizzes ``quiz_keys`` they
    passed in which cycle. The enrolments joined to their lesson progress give a row per lesson
    done (or one row for an enrolment with none); the passed attempts follow in the same
    statement (``UNION ALL``) as rows without an enrolment id, the quiz's key in the module key's
    column and the cycle in the cycle's.
    """
    fields = [field.attname for field in Enrolment._meta.concrete_fields]
    rows = (
        Enrolment.objects.filter(user=user)
        .order_by()
        .values_list(*fields, "module__translation_key", "lesson_progress__lesson__translation_key")
    )
    if quiz_keys:
        blank = models.Value(None, output_field=models.IntegerField())
        columns = {
            f"passed_{name}": models.F("cycle") if name == "cycle" else blank for name in fields
        }
        columns["passed_key"] = models.F("quiz__translation_key")
        columns["passed_nothing"] = blank
        passed = (
            QuizAttempt.objects.filter(user=user, quiz__translation_key__in=quiz_keys, passed=True)
            .order_by()
            .annotate(**columns)
            .values_list(*columns)
        )
        rows = rows.union(passed, all=True)

    enrolments = {}
    done = {}
    passed_quizzes = set()
    cycle = fields.index("cycle")
    # Per module, oldest cycle first, so that the newest cycle wins where the caller keeps one.
    for row in sorted(rows, key=lambda row: (row[0] is not None, row[2] or 0, row[cycle], row[0])):
        values, module_key, lesson_key = row[: len(fields)], row[-2], row[-1]
        enrolment_id = values[0]
        if enrolment_id is None:
            passed_quizzes.add((module_key, values[cycle]))
            continue
        if enrolment_id not in enrolments:
            enrolment = Enrolment.from_db(rows.db, fields, values)
            enrolment.module_key = module_key
            enrolments[enrolment_id] = enrolment
        if lesson_key is not None:
            done.setdefault(enrolment_id, set()).add(lesson_key)
    return list(enrolments.values()), done, passed_quizzes


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
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "estimated_minutes",
            "translation_key",
            "locale_id",
        )
        .order_by("path")
    )
    quizzes = by_module(
        QuizPage.objects.live()
        .filter(depth__in=depths)
        .filter(in_modules)
        .only("id", "title", "slug", "url_path", "path", "depth", "translation_key", "locale_id")
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
