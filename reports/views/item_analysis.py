"""The quiz item analysis report (see :mod:`reports.item_analysis`)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from reports.filters import AnswerFilterSet
from reports.item_analysis import describe_questions, question_statistics, submitted_responses
from reports.languages import results_by_language
from reports.models import VIEW_ANSWER_REPORTS
from reports.psychometrics import discrimination, reliability, scores_by_attempt
from reports.views.base import BaseReportView


class ItemAnalysisView(BaseReportView):
    page_title = _("Quiz item analysis")
    header_icon = "help"
    url_name = "item_analysis"
    results_template_name = "reports/item_analysis_results.html"
    required_permission = VIEW_ANSWER_REPORTS
    filterset_class = AnswerFilterSet
    paginate_by = 25
    export_filename = "quiz-item-analysis"
    list_export = [
        "question_id",
        "title",
        "type_label",
        "responses",
        "graded",
        "correct",
        "facility_percent",
        "mean_score_percent",
        "discrimination_display",
        "choices_summary",
        "flag",
    ]
    export_headings = {
        "question_id": _("Question id"),
        "title": _("Question"),
        "type_label": _("Type"),
        "responses": _("Answers"),
        "graded": _("Graded answers"),
        "correct": _("Fully right"),
        "facility_percent": _("Facility (% fully right)"),
        "mean_score_percent": _("Mean score (%)"),
        "discrimination_display": _("Discrimination"),
        "choices_summary": _("Options picked"),
        "flag": _("Flag"),
    }

    def get_queryset(self):
        self.responses = self.filter_queryset(submitted_responses())
        # Hardest first: a question most learners get wrong is the one to look at.
        return question_statistics(self.responses).order_by(
            F("facility").asc(nulls_last=True), "question_id"
        )

    def get_filtered_queryset(self):
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        return describe_questions(object_list, self.responses, self.scores()[0])

    def scores(self):
        """(discrimination per question, reliability or None): one query, read once."""
        if not hasattr(self, "_scores"):
            by_attempt = scores_by_attempt(self.responses)
            one_quiz = bool(self.request.GET.get("quiz")) and self.filters is not None
            self._scores = (
                discrimination(by_attempt),
                reliability(by_attempt) if one_quiz and self.filters.is_valid() else None,
            )
        return self._scores

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["reliability"] = self.scores()[1]
        context["by_language"] = results_by_language(self.responses)
        return context
