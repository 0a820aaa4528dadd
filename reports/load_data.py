"""
Benchmark data: a large organisation's learners with realistic records, for measuring reports.

:func:`seed_learners` writes, in batches with ``bulk_create`` (no signals, no emails), learners
with a profile (region, role), their role groups, and for each module open to them a history:
not started, in progress (some lessons done, sometimes a failed attempt) or completed (every
lesson, one or more graded quiz attempts, a certificate), with completions spread over the last
30 months so that some are current, some due for a refresher and some expired; some learners
have started or completed a refresher cycle.

Attempts are real: their questions are snapshots the quiz engine made of the live quizzes
(a small pool per quiz, reused), and every answer is graded by its question type's own
``grade()``. Answers follow per-question difficulty, with one tempting wrong option per choice
question and learners who miss signs, over-read red herrings and sometimes make a critical error
in scenarios, so every report has something to show.

It is for benchmarks on a disposable database only: the management command ``seed_load_data``
refuses to run outside DEBUG unless told otherwise.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.models.certificates import new_code, new_short_code
from learners.models import LearnerProfile
from learners.roles import Role
from modules.models import Enrolment, LessonPage, LessonProgress, QuizPage, TrainingModulePage
from modules.translations import default_locale_id
from modules.validity import valid_until_for
from quizzes.models import AttemptStatus, QuestionResponse, QuizAttempt
from quizzes.scenario_paths import next_stage, resolve_stage
from quizzes.services import preview_questions, question_class

USERNAME_PREFIX = "load-"
REGIONS = [
    "London",
    "South East",
    "South West",
    "East of England",
    "East Midlands",
    "West Midlands",
    "North West",
    "North East",
    "Yorkshire and the Humber",
    "Scotland",
    "Wales",
    "Northern Ireland",
]
FIRST_NAMES = ["Amina", "Ben", "Chloe", "Dawit", "Ewa", "Farid", "Grace", "Hassan", "Ines", "Jon"]
LAST_NAMES = ["Ahmed", "Brown", "Campbell", "Diallo", "Evans", "Kowalska", "Nguyen", "Okafor"]
#: (share of learners, role groups, profile role).
ROLE_MIX = [
    (0.55, [Role.VOLUNTEER], Role.VOLUNTEER),
    (0.33, [Role.STAFF], Role.STAFF),
    (0.12, [Role.STAFF, Role.CASEWORKER], Role.CASEWORKER),
]
SNAPSHOTS_PER_QUIZ = 6
HISTORY_DAYS = 30 * 31


class ModulePlan:
    """What the generator needs to know about one live module, read once."""

    def __init__(self, module, rng):
        self.module = module
        self.audience = {group.id for group in module.audience.all()}
        self.prerequisite_ids = {m.id for m in module.prerequisites.all()}
        self.lesson_ids = list(
            LessonPage.objects.live().child_of(module).order_by("path").values_list("id", flat=True)
        )
        self.quizzes = [q.specific for q in QuizPage.objects.live().child_of(module)]
        self.snapshot_pool = {
            quiz.pk: [
                [
                    snapshot
                    for snapshot, _form, _template in preview_questions(quiz.definition(), rng)
                ]
                for _ in range(SNAPSHOTS_PER_QUIZ)
            ]
            for quiz in self.quizzes
        }
        # Per-question difficulty: the chance a learner answers it right.
        self.difficulty = {}
        for pool in self.snapshot_pool.values():
            for snapshots in pool:
                for snapshot in snapshots:
                    self.difficulty.setdefault(snapshot["question_id"], rng.uniform(0.45, 0.95))

    def open_to(self, group_ids):
        return not self.audience or bool(self.audience & group_ids)


def seed_learners(count, *, rng=None, batch_size=1000, now=None, log=print):
    """Create ``count`` learners with their records; return how many rows of each kind."""
    rng = rng or random.Random(2026)
    now = now or timezone.now()
    modules = list(
        TrainingModulePage.objects.live()
        .filter(locale_id=default_locale_id())
        .prefetch_related("audience", "prerequisites")
        .order_by("path")
    )
    if not modules:
        raise ValueError("There are no live modules: run manage.py load_training_content first.")
    # Prerequisites first, so a caseworker module sees whether general awareness was completed.
    modules.sort(key=lambda m: len(m.prerequisites.all()))
    plans = [ModulePlan(module, rng) for module in modules]
    groups = {role: Group.objects.get(name=role.group_name) for role in Role}
    first_number = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).count() + 1
    totals = {}
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        with transaction.atomic():
            written = _seed_batch(first_number + start, size, plans, groups, rng, now)
        for key, value in written.items():
            totals[key] = totals.get(key, 0) + value
        log(f"  {start + size} of {count} learners")
    return totals


def _seed_batch(first_number, size, plans, groups, rng, now):
    User = get_user_model()
    password = make_password(None)
    users, roles = [], []
    for number in range(first_number, first_number + size):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                username=f"{USERNAME_PREFIX}{number:06d}",
                first_name=first,
                last_name=last,
                email=f"{USERNAME_PREFIX}{number:06d}@example.org",
                password=password,
                is_active=rng.random() > 0.03,
                date_joined=now
                - datetime.timedelta(days=rng.randint(HISTORY_DAYS, HISTORY_DAYS + 400)),
            )
        )
        roles.append(_pick_role(rng))
    users = User.objects.bulk_create(users)
    memberships, profiles = [], []
    for user, (role_groups, role) in zip(users, roles, strict=True):
        memberships += [
            User.groups.through(user_id=user.id, group_id=groups[r].id) for r in role_groups
        ]
        profiles.append(
            LearnerProfile(
                user=user,
                region=rng.choice(REGIONS),
                team=f"Team {rng.randint(1, 40)}",
                role=role,
                created_at=user.date_joined,
            )
        )
    User.groups.through.objects.bulk_create(memberships)
    LearnerProfile.objects.bulk_create(profiles)

    histories = []
    for user, (role_groups, _role) in zip(users, roles, strict=True):
        group_ids = {groups[r].id for r in role_groups}
        completed = set()
        for plan in plans:
            if not plan.open_to(group_ids) or not plan.prerequisite_ids <= completed:
                continue
            history = _history(user, plan, rng, now)
            histories.extend(history)
            if any(e.completed_at for e, _plan in history):
                completed.add(plan.module.id)
    enrolments = Enrolment.objects.bulk_create([enrolment for enrolment, _plan in histories])

    lesson_rows, attempts, certificates = [], [], []
    for enrolment, plan in histories:
        lesson_rows += _lesson_progress(enrolment, plan, rng)
        attempts += _attempts(enrolment, plan, rng)
    QuizAttempt.objects.bulk_create([attempt for attempt, _responses in attempts], batch_size=100)
    responses = []
    for attempt, attempt_responses in attempts:
        for response in attempt_responses:
            response.attempt = attempt
            responses.append(response)
    LessonProgress.objects.bulk_create(lesson_rows, batch_size=2000)
    QuestionResponse.objects.bulk_create(responses, batch_size=2000)

    best = {}
    for attempt, _responses in attempts:
        if attempt.passed:
            key = (attempt.user_id, attempt.quiz_id, attempt.cycle)
            best[key] = max(best.get(key, Decimal("0")), attempt.score or Decimal("0"))
    names = {user.id: user.get_full_name() for user in users}
    for enrolment, plan in histories:
        if enrolment.completed_at is None:
            continue
        scores = [best.get((enrolment.user_id, q.pk, enrolment.cycle)) for q in plan.quizzes]
        scores = [score for score in scores if score is not None]
        certificates.append(
            Certificate(
                code=new_code(),
                short_code=new_short_code(),
                user_id=enrolment.user_id,
                enrolment=enrolment,
                module=plan.module,
                cycle=enrolment.cycle,
                learner_name=names[enrolment.user_id],
                module_title=plan.module.title,
                issued_at=enrolment.completed_at,
                expires_on=enrolment.valid_until,
                score=min(scores) if scores else None,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    return {
        "learners": len(users),
        "enrolments": len(enrolments),
        "lessons completed": len(lesson_rows),
        "quiz attempts": len(attempts),
        "answers": len(responses),
        "certificates": len(certificates),
    }


def _pick_role(rng):
    draw, cumulative = rng.random(), 0.0
    for share, role_groups, role in ROLE_MIX:
        cumulative += share
        if draw < cumulative:
            return role_groups, role
    return ROLE_MIX[-1][1], ROLE_MIX[-1][2]


def _history(user, plan, rng, now):
    """The learner's enrolments (cycles) in one module: [] when never started."""
    draw = rng.random()
    if draw < 0.12:
        return []
    started = now - datetime.timedelta(days=rng.uniform(1, HISTORY_DAYS))
    first = _enrolment(user, plan, cycle=1, started=started)
    if draw < 0.30:  # in progress
        first.last_activity_at = started + datetime.timedelta(days=rng.uniform(0, 20))
        first.last_activity_at = min(first.last_activity_at, now)
        return [(first, plan)]
    _complete(first, plan, started + datetime.timedelta(days=rng.uniform(0.02, 21)), now)
    history = [(first, plan)]
    # Some learners whose completion is due or lapsed have started or finished a refresher.
    soon = (now + datetime.timedelta(days=30)).date()
    if first.valid_until and first.valid_until <= soon and rng.random() < 0.45:
        lapse = datetime.datetime.combine(first.valid_until, datetime.time(9), tzinfo=datetime.UTC)
        started = min(now, lapse - datetime.timedelta(days=rng.uniform(0, 40)))
        refresher = _enrolment(user, plan, cycle=2, started=started)
        if rng.random() < 0.7:
            _complete(
                refresher, plan, started + datetime.timedelta(days=rng.uniform(0.02, 10)), now
            )
        history.append((refresher, plan))
    return history


def _enrolment(user, plan, *, cycle, started):
    return Enrolment(
        user_id=user.id,
        module=plan.module,
        module_title=plan.module.title,
        cycle=cycle,
        started_at=started,
        last_activity_at=started,
    )


def _complete(enrolment, plan, completed_at, now):
    completed_at = min(completed_at, now)
    enrolment.completed_at = completed_at
    enrolment.last_activity_at = completed_at
    enrolment.valid_until = valid_until_for(plan.module, completed_at)


def _lesson_progress(enrolment, plan, rng):
    done = len(plan.lesson_ids)
    if enrolment.completed_at is None:
        done = rng.randint(0, len(plan.lesson_ids))
    when = enrolment.completed_at or enrolment.last_activity_at
    return [
        LessonProgress(enrolment=enrolment, lesson_id=lesson_id, completed_at=when)
        for lesson_id in plan.lesson_ids[:done]
    ]


def _attempts(enrolment, plan, rng):
    """Graded attempts: a pass for a completed cycle (after 0 to 2 fails); maybe a fail."""
    results = []
    for quiz in plan.quizzes:
        if enrolment.completed_at is not None:
            tries, must_pass = rng.choice([1, 1, 1, 1, 2, 2, 3]), True
        elif rng.random() < 0.25:
            tries, must_pass = 1, False
        else:
            continue
        when = enrolment.completed_at or enrolment.last_activity_at
        for number in range(1, tries + 1):
            skill = rng.uniform(-0.25, 0.1) if number < tries else rng.uniform(0.0, 0.3)
            last = number == tries and must_pass
            results.append(
                _attempt(enrolment, quiz, plan, number, skill, when, rng, must_pass=last)
            )
    return results


def _attempt(enrolment, quiz, plan, number, skill, when, rng, *, must_pass):
    snapshots = rng.choice(plan.snapshot_pool[quiz.pk])
    for boost in (0.0, 0.2, 0.4, 1.0):
        responses, total, graded = [], Decimal("0"), 0
        for position, snapshot in enumerate(snapshots):
            chance = min(1.0, plan.difficulty[snapshot["question_id"]] + skill + boost)
            answer = _answer(snapshot, chance, rng)
            result = question_class(snapshot).grade(snapshot, answer)
            if result.score is not None:
                total += result.score
                graded += 1
            responses.append(
                QuestionResponse(
                    position=position,
                    question_id=snapshot["question_id"],
                    response=answer,
                    saved_at=when,
                    score=result.score,
                    is_correct=result.is_correct,
                )
            )
        score = (total * 100 / graded).quantize(Decimal("0.01")) if graded else None
        passed = score is None or score >= quiz.pass_mark
        if passed or not must_pass:
            break
    submitted = when - datetime.timedelta(minutes=rng.randint(1, 60) * (3 - min(number, 3)))
    attempt = QuizAttempt(
        user_id=enrolment.user_id,
        quiz_id=quiz.pk,
        quiz_title=quiz.title,
        cycle=enrolment.cycle,
        number=number,
        status=AttemptStatus.SUBMITTED,
        pass_mark=quiz.pass_mark,
        review_policy=quiz.review_policy,
        max_attempts=quiz.max_attempts,
        questions=snapshots,
        started_at=submitted - datetime.timedelta(minutes=rng.randint(8, 40)),
        submitted_at=submitted,
        score=score,
        passed=passed,
    )
    return attempt, responses


def _answer(snapshot, chance, rng):
    """A plausible answer: right with probability ``chance``, else a typical mistake."""
    right = rng.random() < chance
    kind = snapshot["type"]
    if kind in ("single_choice", "true_false"):
        options = snapshot["options"]
        correct = [o["key"] for o in options if o["correct"]]
        wrong = [o["key"] for o in options if not o["correct"]]
        if right or not wrong:
            return {"choice": correct[0]}
        # The first wrong option (as authored) is the tempting one.
        tempting = min(wrong, key=lambda key: [o["key"] for o in options].index(key))
        return {"choice": tempting if rng.random() < 0.6 else rng.choice(wrong)}
    if kind == "multiple_choice":
        correct = [o["key"] for o in snapshot["options"] if o["correct"]]
        wrong = [o["key"] for o in snapshot["options"] if not o["correct"]]
        if right:
            return {"choices": correct}
        picks = rng.sample(correct, max(1, len(correct) - 1))
        if wrong and rng.random() < 0.5:
            picks.append(rng.choice(wrong))
        return {"choices": picks}
    if kind == "ordering":
        order = list(snapshot["correct_order"])
        if not right and len(order) > 1:
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return {"order": order}
    if kind == "matching":
        answers = dict(snapshot["answers"])
        if not right and len(answers) > 1:
            lefts = rng.sample(list(answers), 2)
            answers[lefts[0]], answers[lefts[1]] = answers[lefts[1]], answers[lefts[0]]
        return {"matches": answers}
    if kind == "scenario":
        return _scenario_path(snapshot, chance, rng)
    return {"text": "I would make sure the person is safe, then tell the lead."}


def _scenario_path(snapshot, chance, rng):
    path = []
    stage = resolve_stage(snapshot, snapshot["stages"][0]["key"], [])
    while stage is not None and len(path) <= len(snapshot["stages"]):
        if stage["kind"] == "spot_signs":
            signs = [
                o["key"]
                for o in stage["observations"]
                if (rng.random() < chance) == bool(o.get("indicator"))
            ]
            step = {"stage": stage["key"], "signs": signs}
        else:
            options = stage["options"]
            best = next(o for o in options if o.get("recommended"))
            others = [o for o in options if not o.get("recommended")]
            choice = best if rng.random() < chance or not others else rng.choice(others)
            step = {"stage": stage["key"], "option": choice["key"]}
        following = next_stage(snapshot, stage, step, path)
        path.append(step)
        stage = following
    return {"path": path, "finished": True}
