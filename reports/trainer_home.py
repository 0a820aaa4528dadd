"""
The trainer's admin home: what needs a trainer now, as Wagtail home panels.

Four panels, shown only to trainers (members of "Trainers" or "Training leads"):

*Waiting for a training lead*
    pages submitted to the "Module moderation" workflow and not yet approved or rejected
    (Wagtail's ``WorkflowState``), oldest first, each with who submitted it and when;
*Affected by pathway changes*
    what refers to a referral pathway step added, changed or removed in the last
    ``TRAINER_HOME_PATHWAY_CHANGE_DAYS`` days (90): scenario options and anything else the
    :data:`pathways.hooks.PATHWAY_STEP_REFERENCES` hooks report;
*Flagged by the quality check*
    the assessment quality check's warnings (:mod:`modules.assessment_quality`), each linked to
    the question or quiz to fix;
*Flagged by the item analysis*
    questions whose answers say they need rewriting (:mod:`reports.item_analysis`: misleading
    options, nearly everyone right, good candidates wrong), kept for
    ``TRAINER_HOME_ITEM_ANALYSIS_SECONDS`` (300) in the cache because counting every answer
    takes about a second on 20,000 learners.

Each panel lists at most ``TRAINER_HOME_ROWS`` (10) items with a link to the full list, and says
so plainly when nothing needs the trainer.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from learners.groups import TRAINING_LEADS_GROUP
from learners.roles import Role
from modules.assessment_quality import quality_report
from pathways.hooks import find_step_references
from pathways.models import PathwayChange
from quizzes.admin_views import type_of
from quizzes.models import Question
from reports.item_analysis import describe_questions, question_statistics, submitted_responses
from reports.psychometrics import discrimination, scores_by_attempt

__all__ = ["is_trainer", "trainer_home_panels"]

TRAINER_GROUPS = (Role.TRAINER.group_name, TRAINING_LEADS_GROUP)
ITEM_ANALYSIS_CACHE_KEY = "reports:trainer-home:item-analysis"


def setting(name, default):
    return getattr(settings, name, default)


def is_trainer(user):
    """Trainers and training leads (by group; superusers have their own, Wagtail's, home)."""
    return user.is_authenticated and user.groups.filter(name__in=TRAINER_GROUPS).exists()


@dataclass(frozen=True)
class Row:
    """One thing that needs the trainer: what it is, where to act, and a detail line."""

    label: str
    url: str
    detail: str = ""


class TrainerHomePanel(Component):
    """A home panel with a heading, some rows and a link to the full list."""

    template_name = "reports/home/trainer_panel.html"
    name = ""
    heading = ""
    empty_text = ""
    more_label = _("See all")
    order = 90

    def __init__(self, request):
        self.request = request

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "rows" not in cls.__dict__:
            raise TypeError(f"{cls.__name__} must say which rows it shows (define rows())")

    def rows(self):
        """Every :class:`Row` this panel could show (it shows the first few): each panel's own."""
        return ()

    def more_url(self):
        return ""

    def get_context_data(self, parent_context=None):
        rows = list(self.rows())
        limit = setting("TRAINER_HOME_ROWS", 10)
        return {
            "panel": self,
            "rows": rows[:limit],
            "total": len(rows),
            "more_url": self.more_url() if len(rows) > limit or self.more_url() else "",
            "heading_id": f"trainer-home-{self.name}",
        }


class AwaitingReviewPanel(TrainerHomePanel):
    name = "awaiting-review"
    order = 91
    heading = _("Waiting for a training lead")
    empty_text = _("No page is waiting for approval.")

    def rows(self):
        states = (
            WorkflowState.objects.active()
            .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
            .select_related("requested_by")
            .order_by("created_at")
        )
        states = list(states)
        pages = {}
        if states:
            from wagtail.models import Page

            pages = Page.objects.in_bulk([int(s.object_id) for s in states])
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            user = state.requested_by
            who = (user.get_full_name() or user.get_username()) if user else ""
            yield Row(
                label=page.get_admin_display_title(),
                url=reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                detail=_("Submitted by %(who)s on %(when)s")
                % {"who": who or _("someone"), "when": timezone.localtime(state.created_at).date()},
            )

    def more_url(self):
        return reverse("wagtailadmin_reports:workflow")


class PathwayChangesPanel(TrainerHomePanel):
    name = "pathway-changes"
    order = 92
    heading = _("Affected by pathway changes")
    empty_text = _("Nothing refers to a pathway step changed recently.")

    def rows(self):
        since = timezone.now() - timedelta(days=setting("TRAINER_HOME_PATHWAY_CHANGE_DAYS", 90))
        # Version 1 is a pathway's first publication: nothing written before it can be out of date.
        changes = list(
            PathwayChange.objects.for_review().filter(published_at__gte=since, version__gt=1)
        )
        references = find_step_references(
            [reference for change in changes for reference in change.step_references]
        )
        seen = set()
        for change in changes:
            for step in change.step_references:
                for reference in references.get(step, []):
                    if (reference.label, reference.admin_url) in seen:
                        continue
                    seen.add((reference.label, reference.admin_url))
                    yield Row(
                        label=reference.label,
                        url=reference.admin_url,
                        detail=_("Step “%(step)s” of %(change)s, published on %(when)s")
                        % {
                            "step": step,
                            "change": change,
                            "when": timezone.localtime(change.published_at).date(),
                        },
                    )

    def more_url(self):
        return reverse("pathway_changes:index")


class QualityCheckPanel(TrainerHomePanel):
    name = "quality-check"
    order = 93
    heading = _("Flagged by the quality check")
    empty_text = _("The assessment quality check found nothing to look at.")

    def rows(self):
        warnings = quality_report().warnings
        question_ids = {w.question_id for w in warnings if w.question_id}
        questions = Question.objects.non_polymorphic().in_bulk(question_ids)
        for warning in warnings:
            url = ""
            question = questions.get(warning.question_id)
            if question is not None:
                model = type_of(question)
                url = reverse(model.snippet_viewset.get_url_name("edit"), args=[question.pk])
            elif warning.quiz_id:
                url = reverse("wagtailadmin_pages:edit", args=[warning.quiz_id])
            yield Row(label=warning.subject, url=url, detail=warning.message)

    def more_url(self):
        return reverse("training_reports_assessment_quality")


def flagged_items():
    """``(question_id, title, flag)`` of every question the item analysis flags (cached)."""
    found = cache.get(ITEM_ANALYSIS_CACHE_KEY)
    if found is None:
        responses = submitted_responses()
        rows = question_statistics(responses).order_by("question_id")
        items = describe_questions(rows, responses, discrimination(scores_by_attempt(responses)))
        found = [(item.question_id, item.title, item.flag) for item in items if item.flag]
        cache.set(
            ITEM_ANALYSIS_CACHE_KEY, found, setting("TRAINER_HOME_ITEM_ANALYSIS_SECONDS", 300)
        )
    return found


class ItemAnalysisPanel(TrainerHomePanel):
    name = "item-analysis"
    order = 94
    heading = _("Flagged by the item analysis")
    empty_text = _("No question's answers suggest rewriting it.")

    def rows(self):
        flagged = flagged_items()
        questions = Question.objects.non_polymorphic().in_bulk([q for q, _t, _f in flagged])
        for question_id, title, flag in flagged:
            question = questions.get(question_id)
            url = ""
            if question is not None:
                model = type_of(question)
                url = reverse(model.snippet_viewset.get_url_name("edit"), args=[question.pk])
            yield Row(label=title, url=url, detail=flag)

    def more_url(self):
        return reverse("training_reports:item_analysis")


PANELS = (AwaitingReviewPanel, PathwayChangesPanel, QualityCheckPanel, ItemAnalysisPanel)


def trainer_home_panels(request):
    """The trainer's panels for ``request``'s user (none for anyone else)."""
    if not is_trainer(request.user):
        return []
    return [panel(request) for panel in PANELS]
