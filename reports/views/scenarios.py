"""The scenario decisions report: every scenario, then one scenario in detail."""

from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.filters import AnswerFilterSet
from reports.item_analysis import describe_questions, submitted_responses
from reports.models import VIEW_ANSWER_REPORTS
from reports.scenario_analysis import analyse_scenario, scenario_question_ids, scenario_statistics
from reports.views.base import BaseReportView


class ScenarioListView(BaseReportView):
    """One row per scenario, the one learners score least on first; each links to its detail.

    The list shows what the database counts cheaply (answers, full marks, mean score); the
    decisions, missed steps and signs of a scenario are worked out on its own page.
    """

    page_title = _("Scenario decisions")
    header_icon = "decision"
    url_name = "scenarios"
    results_template_name = "reports/scenario_list_results.html"
    required_permission = VIEW_ANSWER_REPORTS
    filterset_class = AnswerFilterSet
    paginate_by = 25
    export_filename = "scenarios"
    list_export = ["question_id", "title", "responses", "facility_percent", "mean_score_percent"]
    export_headings = {
        "question_id": _("Question id"),
        "title": _("Scenario"),
        "responses": _("Answers"),
        "facility_percent": _("Full marks (%)"),
        "mean_score_percent": _("Mean score (%)"),
    }

    def get_queryset(self):
        self.responses = self.filter_queryset(submitted_responses())
        return scenario_statistics(self.responses).order_by(
            F("facility").asc(nulls_last=True), "question_id"
        )

    def get_filtered_queryset(self):
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        return describe_questions(object_list, self.responses)


class DetailRow:
    """One line of a scenario's detail export: an option, an observation or a pathway step."""

    def __init__(self, **values):
        self.__dict__.update(values)


class ScenarioDetailView(BaseReportView):
    """One scenario: each stage's choices, missed pathway steps, missed signs, red herrings."""

    header_icon = "decision"
    url_name = "scenario_detail"
    template_name = "reports/scenario_detail.html"
    results_template_name = "reports/scenario_detail_results.html"
    required_permission = VIEW_ANSWER_REPORTS
    filterset_class = AnswerFilterSet
    paginate_by = None
    export_filename = "scenario"
    list_export = ["part", "stage", "item", "kind", "pathway_step", "count", "out_of", "percent"]
    export_headings = {
        "part": _("Part"),
        "stage": _("Stage"),
        "item": _("Option, observation or step"),
        "kind": _("Kind"),
        "pathway_step": _("Pathway step"),
        "count": _("Count"),
        "out_of": _("Out of"),
        "percent": _("%"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.question_id = kwargs["question_id"]

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.question_id])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.question_id])

    def get_page_title(self):
        return _("Scenario decisions")

    def get_page_subtitle(self):
        return self.analysis.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("training_reports:scenarios"), "label": _("Scenario decisions")},
            {"url": "", "label": self.analysis.title},
        ]

    def get_queryset(self):
        responses = self.filter_queryset(submitted_responses())
        if self.question_id not in scenario_question_ids(
            submitted_responses().filter(question_id=self.question_id)
        ):
            raise Http404
        self.analysis = analyse_scenario(self.question_id, responses)
        return detail_rows(self.analysis)

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_filename(self):
        return f"scenario-{self.question_id}-decisions"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["analysis"] = self.analysis
        return context


def detail_rows(analysis):
    """The scenario's analysis flattened into rows, for the export."""
    rows = []
    for stage in analysis.stage_rows():
        if stage.is_decision:
            for option in stage.option_rows():
                kind = _("critical error") if option.critical else _("action")
                if option.recommended:
                    kind = _("recommended action")
                rows.append(
                    DetailRow(
                        part=_("Decision"),
                        stage=stage.title,
                        item=option.text,
                        kind=kind,
                        pathway_step=option.pathway_step,
                        count=option.chosen,
                        out_of=stage.reached,
                        percent=option.share_percent,
                    )
                )
        else:
            for observation in stage.observation_rows():
                sign = observation.is_sign
                rows.append(
                    DetailRow(
                        part=_("Missed sign") if sign else _("Over-read red herring"),
                        stage=stage.title,
                        item=observation.text,
                        kind=observation.indicator if sign else _("red herring"),
                        pathway_step="",
                        count=observation.missed if sign else observation.over_read,
                        out_of=observation.shown_as_sign
                        if sign
                        else observation.shown_as_red_herring,
                        percent=observation.missed_percent
                        if sign
                        else observation.over_read_percent,
                    )
                )
    for step in analysis.missed_steps():
        rows.append(
            DetailRow(
                part=_("Missed pathway step"),
                stage="",
                item=step.title,
                kind="",
                pathway_step=step.reference,
                count=step.missed,
                out_of=step.expected,
                percent=step.missed_percent,
            )
        )
    return rows
