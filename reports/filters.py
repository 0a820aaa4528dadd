"""
Filters shared by the answer reports (item analysis and scenario decisions).

They narrow the answers counted: one quiz, a date range of submission, and whether to count
only learners' first attempts (later attempts come after feedback, so they flatter a question),
and the language the quiz was taken in.
"""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from elearning.ids import IdModelChoiceFilter
from modules.models import QuizPage
from quizzes.models import QuestionResponse


class AttemptsCounted(django_filters.ChoiceFilter):
    ALL = "all"
    FIRST = "first"

    def __init__(self, **kwargs):
        super().__init__(
            choices=[(self.FIRST, _("First attempts only"))],
            empty_label=_("All attempts"),
            **kwargs,
        )

    def filter(self, queryset, value):
        if value == self.FIRST:
            return queryset.filter(attempt__number=1)
        return queryset


def quiz_label(quiz):
    """A quiz by title and module slug (quizzes are often all called "Check your understanding")."""
    parts = [part for part in quiz.url_path.split("/") if part]
    module = parts[-2] if len(parts) >= 2 else ""
    return f"{quiz.title} ({module})" if module else quiz.title


class QuizChoiceFilter(IdModelChoiceFilter):
    @property
    def field(self):
        field = super().field
        field.label_from_instance = quiz_label
        return field


class AnswerFilterSet(WagtailFilterSet):
    quiz = QuizChoiceFilter(
        label=_("Quiz"),
        field_name="attempt__quiz",
        queryset=QuizPage.objects.order_by("title", "path"),
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted on or after"),
        field_name="attempt__submitted_at",
        lookup_expr="date__gte",
        widget=AdminDateInput,
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted on or before"),
        field_name="attempt__submitted_at",
        lookup_expr="date__lte",
        widget=AdminDateInput,
    )
    attempts = AttemptsCounted(label=_("Attempts counted"))
    language = django_filters.ChoiceFilter(
        label=_("Language the quiz was taken in"),
        field_name="attempt__language",
        choices=settings.LANGUAGES,
        empty_label=_("All languages"),
    )

    class Meta:
        model = QuestionResponse
        fields = []
