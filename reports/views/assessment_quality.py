"""The assessment quality report: what lets a learner pass a quiz without knowing.

The same findings as ``manage.py check_assessment_quality`` (:mod:`quizzes.quality`), for
trainers in the admin: each quiz with the blind guesser's odds, then every warning with a link to
the question or quiz it concerns.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from modules.assessment_quality import quality_report
from quizzes.admin_views import type_of
from quizzes.models import Question
from reports.models import VIEW_ANSWER_REPORTS


class AssessmentQualityView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Assessment quality")
    header_icon = "warning"
    template_name = "reports/assessment_quality.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ANSWER_REPORTS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = quality_report()
        context["report"] = report
        context["warnings"] = [(warning, self.edit_url(warning)) for warning in report.warnings]
        return context

    def edit_url(self, warning):
        """Where to fix it: the question's own edit view, or the quiz page's."""
        if warning.question_id:
            question = Question.objects.non_polymorphic().filter(pk=warning.question_id).first()
            if question is not None:
                model = type_of(question)
                return reverse(model.snippet_viewset.get_url_name("edit"), args=[question.pk])
        if warning.quiz_id:
            return reverse("wagtailadmin_pages:edit", args=[warning.quiz_id])
        return ""
