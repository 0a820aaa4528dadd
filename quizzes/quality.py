"""
The assessment quality check: what lets a learner pass without knowing, found before learners do.

A certificate here says that a person can recognise trafficking and act on it safely, so a quiz
must not be passable from the page alone. The engine hides everything it can (opaque tokens,
shuffled options, questions drawn from pools); what is left is in the writing, and this module
looks for it, the way a learner who has read nothing would:

per question
    "all/none of the above" options; duplicate or near-duplicate options; in a scenario, an
    option that looks like it breaks a core rule (confronting, a companion as interpreter,
    telling an adult what they must do, making the NRM referral ourselves, waiting with a child
    in danger, promising secrecy) or whose feedback says so, but is not a critical error; a
    scenario used both for practice and for assessment.
per quiz (the questions it always asks and every pool it draws from)
    the right option strictly longest, or shortest, more often than chance gives; right options
    of multiple-choice questions longer than wrong ones; the right option in the same shown
    place; true/false answers outside 35-65% true; most multiple-choice questions with the same
    number of right options; recommended scenario options longest or listed first; scenarios all
    of one shape; pools smaller than twice their draw; a practice scenario asked in the quiz.
    It also works out what a blind guesser (a uniformly random answer to every question) scores
    on average and the chance that one passes (:func:`guessing_odds`); above 1% is a warning.

"More often than chance" is a one-sided test at the 5% level against what random writing would
give (for a question with n options, the right one is the longest with probability 1/n): a few
long right answers are fine; a habit is not.

The same warnings are printed by ``manage.py check_assessment_quality``, shown to trainers when
they save a question, scenario or quiz in the admin, and listed in a report; ``make test`` runs
the command on the default content and fails on any warning.
"""

import difflib
import itertools
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from quizzes.models import (
    FreeTextQuestion,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.models.scenarios import ScenarioUse
from quizzes.scenario_blocks import stages_as_data
from quizzes.scenario_paths import current_stage, path_points, recommended_path, stage_map
from quizzes.services import prefetch_parts

__all__ = [
    "GuessingOdds",
    "QualityWarning",
    "guessing_odds",
    "question_warnings",
    "quiz_warnings",
    "scenario_set_warnings",
]

#: One-sided significance level for "more often than chance".
SIGNIFICANCE = 0.05
#: True/false banks should have between these shares of true statements.
TRUE_SHARE_RANGE = (0.35, 0.65)
#: The highest acceptable chance that a blind guesser passes.
MAX_PASS_BY_GUESSING = 0.01
#: Options at least this similar (difflib ratio, after normalising) count as near-duplicates,
#: if both are at least so long (short labels such as "Section 1" and "Section 51" differ).
NEAR_DUPLICATE_RATIO = 0.9
NEAR_DUPLICATE_MIN_LENGTH = 25
#: Score resolution of the guessing model (a question's score rounded up to 1/20).
SCORE_STEPS = 20


@dataclass(frozen=True)
class QualityWarning:
    """One finding: what it concerns, what is wrong, and the form field a trainer would fix."""

    code: str
    subject: str
    message: str
    field: str = ""
    question_id: int | None = None
    quiz_id: int | None = None

    def __str__(self):
        return f"{self.subject}: {self.message}"


def _text(html):
    return " ".join(strip_tags(html or "").split())


def _normal(text):
    return re.sub(r"[^a-z0-9 ]", "", " ".join(text.lower().split()))


def _question_subject(question):
    return _("Question “%(title)s”") % {"title": question.title}


# Per question -------------------------------------------------------------------------------

ALL_OR_NONE = re.compile(
    r"\b(all|none|both|neither) of (the above|these|those|them|the options|the answers)\b",
    re.IGNORECASE,
)


def _choice_texts(question):
    if isinstance(question, SingleChoiceQuestion | MultipleChoiceQuestion):
        return [o.text for o in question.options.all()]
    if isinstance(question, OrderingQuestion):
        return [i.text for i in question.items.all()]
    if isinstance(question, MatchingQuestion):
        return [p.left for p in question.pairs.all()]
    return []


def _near_duplicates(texts):
    normal = [_normal(t) for t in texts]
    for a, b in itertools.combinations(range(len(normal)), 2):
        long_enough = min(len(normal[a]), len(normal[b])) >= NEAR_DUPLICATE_MIN_LENGTH
        if normal[a] == normal[b] or (
            long_enough
            and difflib.SequenceMatcher(None, normal[a], normal[b]).ratio() >= NEAR_DUPLICATE_RATIO
        ):
            yield texts[a], texts[b]


#: Wording of actions that break a core rule of the organisation's approach (DESIGN.md): each
#: with what it breaks. Matched on the action a scenario offers, unless negated just before
#: ("do not confront", "rather than her husband").
RULE_BREAKING_ACTIONS = [
    (re.compile(r"\bconfront", re.I), _("confronting a suspected exploiter")),
    (
        re.compile(r"\b(investigate|follow (him|her|them|the (van|car|minibus|man|men)))\b", re.I),
        _("investigating ourselves"),
    ),
    (
        re.compile(
            r"\b(friend|husband|wife|partner|boyfriend|girlfriend|relative|cousin|brother|sister|"
            r"son|daughter|child|boss|employer|companion|aunt|uncle|agent)\b[^.]{0,40}"
            r"\b(interpret|translat)",
            re.I,
        ),
        _("using a companion, relative or employer as interpreter"),
    ),
    (
        re.compile(
            r"\b(tell|advise|urge|persuade|insist|convince)\w*\b[^.]{0,40}\b(must|has to|have to|"
            r"needs? to|should) (leave|refuse|go to the police|report|enter|accept|stay)\b",
            re.I,
        ),
        _("telling an adult what they must do"),
    ),
    (
        re.compile(r"\b(tell|advise|urge|persuade)\w* (him|her|them) to (leave|refuse)\b", re.I),
        _("telling an adult what they must do"),
    ),
    (
        re.compile(
            r"\b(fill in|fill out|complete|submit|make|send)\b[^.]{0,40}"
            r"\b(NRM|National Referral Mechanism)\b",
            re.I,
        ),
        _("making the NRM referral ourselves (we are not a First Responder)"),
    ),
    (
        re.compile(
            r"\bpromise\b[^.]{0,30}\b(not to tell|keep|secret|won't tell|will not tell)", re.I
        ),
        _("promising secrecy we cannot keep"),
    ),
]
#: For children only: delay, or treating a possible child as an adult.
CHILD_RULE_BREAKING_ACTIONS = [
    (
        re.compile(r"\b(wait (and see|to see|until)|do nothing|leave it for now|see if)\b", re.I),
        _("waiting to see with a child who may be in danger"),
    ),
    (
        re.compile(r"\b(as|like) an adult\b|\badults?'? (services|pathway)\b", re.I),
        _("treating a possible child as an adult"),
    ),
]
NEGATION = re.compile(r"\b(not|never|don't|do not|without|instead of|rather than|avoid|no)\b", re.I)
#: Feedback that says the option broke a core rule.
RULE_BROKEN_FEEDBACK = re.compile(
    r"\b(critical error|core rule|breaks? (a|one of (our|the)) (core |key )?rules?|"
    r"never acceptable|must never)\b",
    re.I,
)
FIRST_RESPONDER = re.compile(r"first responder", re.I)


def rule_broken_by(action, *, child=False):
    """What core rule the wording of ``action`` seems to break, or ""."""
    patterns = RULE_BREAKING_ACTIONS + (CHILD_RULE_BREAKING_ACTIONS if child else [])
    for pattern, rule in patterns:
        for match in pattern.finditer(action):
            before = action[max(0, match.start() - 30) : match.start()]
            if NEGATION.search(before):
                continue
            if "NRM" in pattern.pattern and FIRST_RESPONDER.search(action):
                continue  # passing it to a First Responder is the right route
            return str(rule)
    return ""


def question_warnings(question):
    """Findings about one question (any type) on its own."""
    warnings = []
    subject = _question_subject(question)

    def warn(code, message, field=""):
        warnings.append(QualityWarning(code, subject, message, field, question_id=question.pk))

    texts = _choice_texts(question)
    for text in texts:
        if ALL_OR_NONE.search(text):
            warn(
                "all-or-none-of-the-above",
                _("“%(option)s”: an option about the other options rewards test-wiseness.")
                % {"option": text},
                "options",
            )
    for first, second in _near_duplicates(texts):
        warn(
            "near-duplicate-options",
            _("“%(a)s” and “%(b)s” are the same or nearly the same.") % {"a": first, "b": second},
            "options",
        )
    if isinstance(question, ScenarioQuestion):
        warnings += _scenario_warnings(question, subject)
    return warnings


def _scenario_warnings(scenario, subject):
    warnings = []
    if scenario.use == ScenarioUse.BOTH:
        warnings.append(
            QualityWarning(
                "scenario-practised-and-assessed",
                subject,
                _(
                    "It is used for practice and for assessment: learners can rehearse its "
                    "recommended path in a lesson before the quiz asks it."
                ),
                "use",
                question_id=scenario.pk,
            )
        )
    child = scenario.pathway_key == "children"
    for stage in _stages(scenario):
        if stage["kind"] != "decision":
            continue
        for option in stage["options"]:
            if option.get("critical") or option.get("recommended"):
                continue
            rule = rule_broken_by(option["text"], child=child)
            if rule:
                message = _(
                    "In “%(stage)s”, “%(option)s” looks like %(rule)s, but it is not a critical "
                    "error."
                )
            elif RULE_BROKEN_FEEDBACK.search(option.get("feedback") or ""):
                rule = "feedback"
                message = _(
                    "In “%(stage)s”, the feedback on “%(option)s” says a core rule was broken, "
                    "but the option is not a critical error."
                )
            if rule:
                warnings.append(
                    QualityWarning(
                        "core-rule-not-critical",
                        subject,
                        message % {"stage": stage["title"], "option": option["text"], "rule": rule},
                        "stages",
                        question_id=scenario.pk,
                    )
                )
    return warnings


def _stages(scenario):
    return stages_as_data(scenario.stages)


# Per quiz: patterns across questions ---------------------------------------------------------


def at_least_chance(observed, probabilities):
    """P(X >= observed) where X counts successes of independent trials (Poisson-binomial)."""
    distribution = [1.0]
    for p in probabilities:
        following = [0.0] * (len(distribution) + 1)
        for k, mass in enumerate(distribution):
            following[k] += mass * (1 - p)
            following[k + 1] += mass * p
        distribution = following
    return sum(distribution[observed:])


def _beyond_chance(hits, probabilities):
    """True if ``hits`` successes are more than chance gives (one-sided, 5% level)."""
    expected = sum(probabilities)
    return hits > expected and at_least_chance(hits, probabilities) < SIGNIFICANCE


@dataclass
class QuizBank:
    """What a quiz may ask: questions always asked, and pools with how many are drawn."""

    quiz_id: int | None
    title: str
    pass_mark: int
    shuffle_choices: bool
    fixed: list
    #: (pool name, questions in the pool, how many drawn)
    pools: list

    @property
    def questions(self):
        seen, found = set(), []
        for question in self.fixed + [q for _name, qs, _count in self.pools for q in qs]:
            if question.pk not in seen:
                seen.add(question.pk)
                found.append(question)
        return found


def bank_of(quiz_page):
    """The :class:`QuizBank` of a quiz page (anything with its fields and relations)."""
    fixed_ids = [row.question_id for row in quiz_page.quiz_questions.all()]
    fixed = load_questions(Question.objects.filter(pk__in=fixed_ids))
    fixed.sort(key=lambda q: fixed_ids.index(q.pk))
    pools = []
    for draw in quiz_page.random_draws.all():
        questions = load_questions(
            Question.objects.filter(category_id=draw.category_id).exclude(
                scenarioquestion__use=ScenarioUse.PRACTICE
            )
        )
        pools.append((draw.category.name, questions, draw.count))
    return QuizBank(
        quiz_id=quiz_page.pk,
        title=quiz_page.title,
        pass_mark=quiz_page.pass_mark,
        shuffle_choices=quiz_page.shuffle_choices,
        fixed=fixed,
        pools=pools,
    )


def load_questions(queryset):
    """The questions of ``queryset`` in id order, each with its options, steps or pairs."""
    questions = list(queryset.order_by("pk"))
    prefetch_parts(questions)
    return questions


def quiz_warnings(bank):
    """Findings about a quiz's bank as a whole (patterns a test-wise learner could use)."""
    subject = _("Quiz “%(title)s”") % {"title": bank.title}
    warnings = []

    def warn(code, message, field=""):
        warnings.append(QualityWarning(code, subject, message, field, quiz_id=bank.quiz_id))

    questions = bank.questions
    singles = [
        list(q.options.all())
        for q in questions
        if isinstance(q, SingleChoiceQuestion) and q.options.all()
    ]
    singles = [options for options in singles if len(options) > 1]
    for code, pick, label in (
        ("right-option-longest", max, _("longest")),
        ("right-option-shortest", min, _("shortest")),
    ):
        hits = sum(1 for options in singles if _strictly(options, pick))
        chance = [1 / len(options) for options in singles]
        if _beyond_chance(hits, chance):
            warn(
                code,
                _(
                    "The right option is the %(which)s in %(hits)d of %(total)d single-choice "
                    "questions (chance gives about %(expected).1f): a learner who picks the "
                    "%(which)s option scores well without reading."
                )
                % {"which": label, "hits": hits, "total": len(singles), "expected": sum(chance)},
            )
    multiples = [list(q.options.all()) for q in questions if isinstance(q, MultipleChoiceQuestion)]
    longer = 0
    compared = 0
    for options in multiples:
        right = [len(o.text) for o in options if o.is_correct]
        wrong = [len(o.text) for o in options if not o.is_correct]
        if right and wrong:
            compared += 1
            longer += sum(right) / len(right) > sum(wrong) / len(wrong)
    if compared and _beyond_chance(longer, [0.5] * compared):
        warn(
            "right-options-longer",
            _(
                "In %(hits)d of %(total)d multiple-choice questions the right options are longer "
                "on average than the wrong ones."
            )
            % {"hits": longer, "total": compared},
        )
    choice_questions = singles + multiples
    if not bank.shuffle_choices:
        for code, index, label in (
            ("right-option-first", 0, _("first")),
            ("right-option-last", -1, _("last")),
        ):
            hits = sum(1 for options in choice_questions if options[index].is_correct)
            chance = [
                sum(o.is_correct for o in options) / len(options) for options in choice_questions
            ]
            if _beyond_chance(hits, chance):
                warn(
                    code,
                    _(
                        "Options are not shuffled, and the right option is %(which)s in %(hits)d "
                        "of %(total)d questions."
                    )
                    % {"which": label, "hits": hits, "total": len(choice_questions)},
                    "shuffle_choices",
                )
    pinned_right = sum(
        1 for options in choice_questions for o in options if o.pin_last and o.is_correct
    )
    pinned = sum(1 for options in choice_questions for o in options if o.pin_last)
    if pinned >= 2 and pinned_right * 2 > pinned:
        warn(
            "pinned-option-right",
            _("%(right)d of %(pinned)d options kept last are right answers: the last place tells.")
            % {"right": pinned_right, "pinned": pinned},
        )
    true_false = [q for q in questions if isinstance(q, TrueFalseQuestion)]
    if len(true_false) >= 2:
        share = sum(q.correct_answer for q in true_false) / len(true_false)
        low, high = TRUE_SHARE_RANGE
        if not low <= share <= high:
            warn(
                "true-false-unbalanced",
                _(
                    "%(share)d%% of the %(total)d true/false statements are true (keep it between "
                    "%(low)d%% and %(high)d%%): always answering the same scores well."
                )
                % {
                    "share": round(100 * share),
                    "total": len(true_false),
                    "low": 100 * low,
                    "high": 100 * high,
                },
            )
    counts = Counter(sum(o.is_correct for o in options) for options in multiples)
    if len(multiples) >= 4:
        count, times = counts.most_common(1)[0]
        if times * 2 > len(multiples):
            warn(
                "same-number-right",
                _(
                    "%(times)d of %(total)d multiple-choice questions have exactly %(count)d right "
                    "options: vary it from 1 to 4."
                )
                % {"times": times, "total": len(multiples), "count": count},
            )
    for name, pool, count in bank.pools:
        if len(pool) < 2 * count:
            warn(
                "small-pool",
                _(
                    "The pool “%(pool)s” holds %(size)d questions for a draw of %(count)d: a "
                    "learner who tries again meets mostly the same ones (hold at least twice the "
                    "draw)."
                )
                % {"pool": name, "size": len(pool), "count": count},
                "random_draws",
            )
    for question in bank.fixed:
        if isinstance(question, ScenarioQuestion) and question.use == ScenarioUse.PRACTICE:
            warn(
                "practice-scenario-assessed",
                _("“%(title)s” is a practice scenario: learners have seen its path in a lesson.")
                % {"title": question.title},
                "quiz_questions",
            )
    scenarios = [q for q in questions if isinstance(q, ScenarioQuestion)]
    warnings += [
        QualityWarning(w.code, subject, w.message, w.field, quiz_id=bank.quiz_id)
        for w in scenario_set_warnings(scenarios)
    ]
    odds = guessing_odds(bank)
    if odds.pass_chance >= MAX_PASS_BY_GUESSING:
        warn(
            "passable-by-guessing",
            _(
                "A blind guesser passes with a chance of %(chance).2f%% (keep it under 1%%): add "
                "questions or raise the pass mark."
            )
            % {"chance": 100 * odds.pass_chance},
        )
    return warnings


def _strictly(options, pick):
    lengths = [len(o.text) for o in options]
    best = pick(lengths)
    if lengths.count(best) > 1:
        return False
    return options[lengths.index(best)].is_correct


def scenario_set_warnings(scenarios):
    """Patterns across scenarios: recommended options longest or first; all of one shape."""
    warnings = []
    subject = _("Scenarios")
    decisions = [
        stage["options"]
        for scenario in scenarios
        for stage in _stages(scenario)
        if stage["kind"] == "decision" and len(stage["options"]) > 1
    ]
    chance = [1 / len(options) for options in decisions]
    longest = sum(1 for options in decisions if _strictly_recommended(options, max))
    if _beyond_chance(longest, chance):
        warnings.append(
            QualityWarning(
                "recommended-option-longest",
                subject,
                _(
                    "The recommended action is the longest in %(hits)d of %(total)d decisions "
                    "(chance gives about %(expected).1f)."
                )
                % {"hits": longest, "total": len(decisions), "expected": sum(chance)},
                "stages",
            )
        )
    first = sum(1 for options in decisions if options[0].get("recommended"))
    if _beyond_chance(first, chance):
        warnings.append(
            QualityWarning(
                "recommended-option-first",
                subject,
                _("The recommended action is written first in %(hits)d of %(total)d decisions.")
                % {"hits": first, "total": len(decisions)},
                "stages",
            )
        )
    if len(scenarios) >= 3:
        shapes = [scenario_shape(s) for s in scenarios]
        decisions_on_path = Counter(shape.decisions for shape in shapes)
        if len(decisions_on_path) == 1:
            warnings.append(
                QualityWarning(
                    "scenarios-one-shape",
                    subject,
                    _(
                        "Every scenario has %(count)d decisions on its recommended path: a learner "
                        "learns the rhythm, not the judgement. Vary it (2 to 5)."
                    )
                    % {"count": shapes[0].decisions},
                    "stages",
                )
            )
        if not any(shape.rejoins for shape in shapes) or not any(
            shape.ends_early for shape in shapes
        ):
            warnings.append(
                QualityWarning(
                    "scenarios-one-shape",
                    subject,
                    _(
                        "No scenario has branches that rejoin, or none has a path that ends "
                        "early: every story runs the same way."
                    ),
                    "stages",
                )
            )
    return warnings


def _strictly_recommended(options, pick):
    lengths = [len(o["text"]) for o in options]
    best = pick(lengths)
    return lengths.count(best) == 1 and options[lengths.index(best)].get("recommended")


@dataclass(frozen=True)
class ScenarioShape:
    decisions: int
    rejoins: bool
    ends_early: bool


def scenario_shape(scenario):
    """Decisions on the recommended path; whether branches rejoin; whether a path ends early."""
    snapshot = {"stages": _stages(scenario)}
    path = recommended_path(snapshot)
    stages = stage_map(snapshot)
    decisions = sum(1 for step in path if stages[step["stage"]]["kind"] == "decision")
    incoming = Counter()
    ends_early = False
    for stage in snapshot["stages"]:
        if stage["kind"] != "decision":
            if stage.get("next"):
                incoming[stage["next"]] += 1
            continue
        targets = {o.get("next") or "" for o in stage["options"] if not o.get("critical")}
        for target in targets - {""}:
            incoming[target] += 1
        if "" in targets and len(targets) > 1:
            ends_early = True
    return ScenarioShape(
        decisions=decisions,
        rejoins=any(count > 1 for count in incoming.values()),
        ends_early=ends_early,
    )


# The blind guesser ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GuessingOdds:
    """What a learner who answers every question at random scores, and how often they pass."""

    expected_score: float
    pass_chance: float
    questions_per_attempt: int


def guessing_odds(bank):
    """Expected score (%) of a blind guesser and their chance of passing ``bank``'s quiz.

    Each question's score distribution under a uniformly random answer is worked out exactly
    (or from 4,000 random answers where the answers are too many to list), rounded up to 1/20,
    so the chance is an upper bound. A pool counts as ``count`` independent draws of one of its
    questions at random.
    """
    distributions = []
    for question in bank.fixed:
        distribution = guess_distribution(question)
        if distribution is not None:
            distributions.append(distribution)
    for _name, pool, count in bank.pools:
        graded = [d for d in (guess_distribution(q) for q in pool) if d is not None]
        if not graded:
            continue
        mixture = defaultdict(float)
        for distribution in graded:
            for score, p in distribution.items():
                mixture[score] += p / len(graded)
        distributions += [dict(mixture)] * min(count, len(pool))
    if not distributions:
        return GuessingOdds(0.0, 0.0, 0)
    total = {0: 1.0}
    for distribution in distributions:
        following = defaultdict(float)
        for a, p in total.items():
            for b, q in distribution.items():
                following[a + b] += p * q
        total = following
    graded = len(distributions)
    expected = sum(score * p for score, p in total.items()) / (SCORE_STEPS * graded)
    needed = bank.pass_mark * SCORE_STEPS * graded / 100
    passing = sum(p for score, p in total.items() if score >= needed - 1e-9)
    return GuessingOdds(round(100 * expected, 1), passing, graded)


def _bucket(score):
    return math.ceil(float(score) * SCORE_STEPS - 1e-9)


def guess_distribution(question):
    """{score in 1/20 steps: probability} under a random answer; None if it is not scored."""
    if isinstance(question, FreeTextQuestion) or not question.auto_graded:
        return None
    snapshot = question.snapshot(random.Random(0), shuffle_choices=False)
    model = type(question)
    if isinstance(question, ScenarioQuestion):
        return _scenario_distribution(snapshot)
    responses = _random_responses(snapshot)
    counts = Counter(_bucket(model.grade(snapshot, response).score) for response in responses)
    total = sum(counts.values())
    return {score: n / total for score, n in counts.items()}


def _random_responses(snapshot, limit=4000):
    kind = snapshot["type"]
    rng = random.Random(1)
    if kind in ("single_choice", "true_false"):
        return [{"choice": o["key"]} for o in snapshot["options"]]
    if kind == "multiple_choice":
        keys = [o["key"] for o in snapshot["options"]]
        return [
            {"choices": list(subset)}
            for size in range(1, len(keys) + 1)
            for subset in itertools.combinations(keys, size)
        ]
    if kind == "ordering":
        keys = [i["key"] for i in snapshot["items"]]
        if math.factorial(len(keys)) <= limit:
            return [{"order": list(order)} for order in itertools.permutations(keys)]
        return [{"order": rng.sample(keys, len(keys))} for _n in range(limit)]
    if kind == "matching":
        lefts = [i["key"] for i in snapshot["left"]]
        rights = [i["key"] for i in snapshot["right"]]
        if len(rights) ** len(lefts) <= limit:
            return [
                {"matches": dict(zip(lefts, picks, strict=True))}
                for picks in itertools.product(rights, repeat=len(lefts))
            ]
        return [{"matches": {left: rng.choice(rights) for left in lefts}} for _n in range(limit)]
    return [{}]


def _scenario_distribution(snapshot):
    """A random path: each decision's options equally likely, each detail picked or not."""
    outcomes = defaultdict(float)
    max_points = snapshot.get("max_points") or 0

    def walk(path, probability, signs_seen):
        stage = current_stage(snapshot, {"path": path})
        if stage is None:
            points, critical = path_points(snapshot, path)
            for sign_points, p in _signs_distribution(signs_seen).items():
                if critical or not max_points:
                    score = Decimal(0)
                else:
                    score = min(Decimal(1), Decimal(points + sign_points) / Decimal(max_points))
                outcomes[_bucket(score)] += probability * p
            return
        if stage["kind"] == "spot_signs":
            walk(path + [{"stage": stage["key"], "signs": []}], probability, signs_seen + [stage])
            return
        for option in stage["options"]:
            step = {"stage": stage["key"], "option": option["key"]}
            walk(path + [step], probability / len(stage["options"]), signs_seen)

    walk([], 1.0, [])
    return dict(outcomes)


def _signs_distribution(stages):
    """Points from random picks of details: signs found minus red herrings, at least 0."""
    total = {0: 1.0}
    for stage in stages:
        signs = sum(1 for o in stage["observations"] if o.get("indicator"))
        herrings = len(stage["observations"]) - signs
        stage_points = defaultdict(float)
        for s in range(signs + 1):
            for h in range(herrings + 1):
                p = math.comb(signs, s) * math.comb(herrings, h) / 2 ** (signs + herrings)
                stage_points[max(0, s - h)] += p
        following = defaultdict(float)
        for a, p in total.items():
            for b, q in stage_points.items():
                following[a + b] += p * q
        total = following
    return total
