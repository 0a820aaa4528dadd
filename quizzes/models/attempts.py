"""
Attempts: one learner's try at one quiz, and their response to each question.

A ``QuizAttempt`` copies the rules it is judged by when it starts: the pass mark, the review
policy, the deadline, and a snapshot of every question as presented (type, prompt, options in
order, correct answers). It also keeps the language it was taken in, so reports can compare
results across languages. Grading and the results page read only the attempt, so editing or
deleting the quiz or its questions never rewrites a learner's history.

The quiz itself is a page in ``modules``; an attempt points at it loosely (``quiz_id``, a page id
with ``SET_NULL``) and keeps its title, because this app sits below ``modules`` in the layers.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewPolicy(models.TextChoices):
    """What a learner sees after submitting, from least to most.

    ``EXPLANATIONS`` is the default for assessed quizzes: a failed attempt shows which questions
    were wrong and the idea behind each (the question's general feedback), but not which option
    was right nor the feedback on each option, so the review is a lesson and not a key to reuse;
    once the learner has passed, every answer is shown.
    """

    SCORE_ONLY = "score", _("Score only")
    CORRECTNESS = "correctness", _("Score and which answers were right")
    EXPLANATIONS = (
        "explanations",
        _(
            "Score, which answers were wrong and the idea behind each; the right answers once "
            "the learner has passed"
        ),
    )
    FEEDBACK = "feedback", _("Score, which were right, and the feedback on each answer")
    ANSWERS_WHEN_DONE = (
        "answers_when_done",
        _("All of that, and the right answers once the learner has passed or used every attempt"),
    )

    @property
    def shows_correctness(self):
        return self != ReviewPolicy.SCORE_ONLY

    @property
    def shows_feedback(self):
        """Feedback on the options the learner picked (it often says what was right)."""
        return self in (ReviewPolicy.FEEDBACK, ReviewPolicy.ANSWERS_WHEN_DONE)

    @property
    def shows_explanations(self):
        """The teaching point of each question (its general feedback)."""
        return self in (
            ReviewPolicy.EXPLANATIONS,
            ReviewPolicy.FEEDBACK,
            ReviewPolicy.ANSWERS_WHEN_DONE,
        )

    @property
    def may_show_answers(self):
        return self in (ReviewPolicy.EXPLANATIONS, ReviewPolicy.ANSWERS_WHEN_DONE)

    def shows_answers(self, *, passed, out_of_attempts):
        """Whether the right answers (and all feedback) may be shown now."""
        if self == ReviewPolicy.EXPLANATIONS:
            return passed
        if self == ReviewPolicy.ANSWERS_WHEN_DONE:
            return passed or out_of_attempts
        return False


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class QuizAttemptQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)

    def submitted(self):
        return self.filter(status=AttemptStatus.SUBMITTED)

    def in_progress(self):
        return self.filter(status=AttemptStatus.IN_PROGRESS)

    def passed(self):
        return self.submitted().filter(passed=True)


class QuizAttempt(models.Model):
    """One learner's attempt at one quiz, frozen with what it is graded against."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("quiz"),
    )
    quiz_title = models.CharField(_("quiz title when started"), max_length=255)
    #: The learner's cycle through the module (1, then one more per refresher).
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    status = models.CharField(
        max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    # Frozen rules.
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    review_policy = models.CharField(max_length=30, choices=ReviewPolicy.choices)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed (0: unlimited)"))
    questions = models.JSONField(_("questions as presented"), default=list)
    # Timing.
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted after the time limit"), default=False)
    # Result.
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    #: The language the attempt was taken in (a code of ``LANGUAGES``, from the address the
    #: learner started it at); it stays with the attempt when the learner switches language.
    #: Blank for attempts made before languages were recorded. No ``choices``: adding a
    #: language is configuration, not a migration (as ``LearnerProfile.preferred_language``).
    language = models.CharField(_("language"), max_length=15, blank=True, default="")

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "cycle", "number"], name="quizzes_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz", "cycle"],
                condition=Q(status="in_progress"),
                name="quizzes_attempt_one_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="quizzes_attempt_pass_mark_percent",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="quizzes_attempt_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "status"])]

    def __str__(self):
        return f"{self.user} - {self.quiz_title} #{self.number}"

    @property
    def is_submitted(self):
        return self.status == AttemptStatus.SUBMITTED

    @property
    def policy(self):
        return ReviewPolicy(self.review_policy)

    def seconds_left(self, now=None):
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))


class QuestionResponse(models.Model):
    """A learner's answer to the question at ``position`` in an attempt, and its grade."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="responses")
    #: Index into ``attempt.questions`` (0-based).
    position = models.PositiveSmallIntegerField()
    #: The bank question it came from, kept loosely so deleting a question keeps the answer.
    question_id = models.PositiveBigIntegerField(null=True, blank=True)
    response = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("question response")
        verbose_name_plural = _("question responses")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_response_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.attempt} - question {self.position + 1}"


class TimeAllowance(models.Model):
    """Extra minutes a learner gets on timed quizzes (for example, a reasonable adjustment)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_time_allowances",
        verbose_name=_("learner"),
    )
    quiz = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz"),
        help_text=_("Leave empty to apply to every timed quiz."),
    )
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"))
    reason = models.CharField(_("reason (kept private)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extra time")
        verbose_name_plural = _("extra time")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"], name="quizzes_timeallowance_unique_quiz"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(quiz__isnull=True),
                name="quizzes_timeallowance_unique_all_quizzes",
            ),
        ]

    def __str__(self):
        return f"{self.user}: +{self.extra_minutes} min"
