"""
The question bank's listing over every question type, in the Wagtail admin.

Each question type has its own create, edit and delete views (Wagtail's ``InlinePanel`` cannot
edit the options of a multi-table subclass through the base class), registered in
:mod:`quizzes.wagtail_hooks`. This listing shows all of them together: title, type, category,
tags and last update, filterable by type, category, tag and the quiz that asks the question, and
searchable by title and prompt. Each row links to the edit view of its own type, and "Add
question" offers every type the trainer may add.

The rows are plain ``Question`` rows (``non_polymorphic()``) with their category joined in, and
the tags of the whole page come in one more query, so a page costs the same number of queries
whatever the number of questions or types. The type comes from ``polymorphic_ctype_id``, which
Django's content type cache answers without a query.

"Used in quiz" reads ``modules.QuizPageQuestion`` through ``apps.get_model``: this app sits
below ``modules`` and never imports it.
"""

import django_filters
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button, ButtonWithDropdown
from wagtail.models import Page
from wagtail.permissions import policy_registry

from elearning.ids import IdModelChoiceFilter
from quizzes.choosers import (
    QUESTION_TYPES,
    filter_by_type,
    question_type_choices,
    question_type_label,
)
from quizzes.models import Question, QuestionCategory

USED_IN_ANY_QUIZ = "any"
USED_IN_NO_QUIZ = "none"


def question_content_types():
    """Content types of the base and every type; tags are stored against the concrete type."""
    return list(
        ContentType.objects.get_for_models(
            Question, *QUESTION_TYPES, for_concrete_models=False
        ).values()
    )


def quiz_page_question_model():
    return apps.get_model("modules", "QuizPageQuestion")


def used_in_quiz_choices():
    """ "In any quiz", "In no quiz", then every quiz page, named with its module."""
    quiz_page = apps.get_model("modules", "QuizPage")
    quizzes = list(quiz_page.objects.order_by("path").values_list("pk", "title", "path"))
    parent_paths = {page_path[: -Page.steplen] for _pk, _title, page_path in quizzes}
    modules = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return [
        (USED_IN_ANY_QUIZ, _("In any quiz")),
        (USED_IN_NO_QUIZ, _("In no quiz")),
        *(
            (str(pk), f"{modules.get(page_path[: -Page.steplen], '')} › {title}")
            for pk, title, page_path in quizzes
        ),
    ]


def tags_in_use(request=None):
    return (
        Tag.objects.filter(taggit_taggeditem_items__content_type__in=question_content_types())
        .distinct()
        .order_by("name")
    )


class QuestionFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=question_type_choices,
        empty_label=_("All types"),
        method="filter_type",
    )
    category = IdModelChoiceFilter(
        label=_("Category"),
        queryset=QuestionCategory.objects.all(),
        empty_label=_("All categories"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        queryset=tags_in_use,
        to_field_name="slug",
        empty_label=_("All tags"),
        method="filter_tag",
    )
    quiz = django_filters.ChoiceFilter(
        label=_("Used in quiz"),
        choices=used_in_quiz_choices,
        empty_label=_("In a quiz or not"),
        method="filter_quiz",
    )

    class Meta:
        model = Question
        fields = ["type", "category", "tag", "quiz"]

    def filter_type(self, queryset, name, value):
        return filter_by_type(queryset, value) if value else queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags=value) if value else queryset

    def filter_quiz(self, queryset, name, value):
        links = quiz_page_question_model().objects.filter(question_id=OuterRef("pk"))
        if value == USED_IN_ANY_QUIZ:
            return queryset.filter(Exists(links))
        if value == USED_IN_NO_QUIZ:
            return queryset.filter(~Exists(links))
        if value:
            return queryset.filter(Exists(links.filter(page_id=value)))
        return queryset


def type_of(question):
    """The concrete question model of a (non-polymorphic) question row."""
    return ContentType.objects.get_for_id(question.polymorphic_ctype_id).model_class()


def user_may(user, action, model):
    return policy_registry.get_by_type(model).user_has_permission(user, action)


class QuestionIndexView(generic.IndexView):
    """Every question of every type; rows link to the views of their own type."""

    model = Question
    page_title = _("Question bank")
    header_icon = "help"
    index_url_name = "question_bank:index"
    index_results_url_name = "question_bank:index_results"
    search_fields = ["title", "prompt"]
    search_backend_name = None
    filterset_class = QuestionFilterSet
    default_ordering = "title"
    paginate_by = 20
    copy_url_name = None
    inspect_url_name = None

    def get_base_queryset(self):
        return Question.objects.non_polymorphic().select_related("category")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("title"),
            Column("type", label=_("Type"), accessor=question_type_label),
            Column(
                "category",
                label=_("Category"),
                accessor=lambda question: question.category or "",
                sort_key="category__name",
            ),
            Column("tags", label=_("Tags"), accessor="tag_names"),
            DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
        ]

    def get_table(self, object_list):
        questions = list(object_list)
        self.attach_tag_names(questions)
        return super().get_table(questions)

    def attach_tag_names(self, questions):
        """Give each question ``tag_names`` (comma-separated), for the page in one query."""
        names = {question.pk: [] for question in questions}
        tagged = (
            TaggedItem.objects.filter(
                content_type__in=question_content_types(), object_id__in=list(names)
            )
            .order_by("tag__name")
            .values_list("object_id", "tag__name")
        )
        for object_id, name in tagged:
            names[object_id].append(name)
        for question in questions:
            question.tag_names = ", ".join(names[question.pk])

    def get_edit_url(self, instance):
        model = type_of(instance)
        if user_may(self.request.user, "change", model):
            return reverse(model.snippet_viewset.get_url_name("edit"), args=[instance.pk])

    def get_delete_url(self, instance):
        model = type_of(instance)
        if user_may(self.request.user, "delete", model):
            return reverse(model.snippet_viewset.get_url_name("delete"), args=[instance.pk])

    def get_add_url(self):
        return None

    @cached_property
    def add_buttons(self):
        """One "add" link per type the user may add."""
        return [
            Button(
                capfirst(model._meta.verbose_name),
                url=reverse(model.snippet_viewset.get_url_name("add")),
                icon_name="plus",
                priority=number,
            )
            for number, model in enumerate(QUESTION_TYPES)
            if user_may(self.request.user, "add", model)
        ]

    @cached_property
    def header_buttons(self):
        if not self.add_buttons:
            return []
        return [
            ButtonWithDropdown(
                label=_("Add question"),
                icon_name="plus",
                classname="w-header-button button",
                buttons=self.add_buttons,
                attrs={"aria-label": _("Add a question of one of these types")},
            )
        ]


class QuestionBankMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Question).user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


class QuestionListingViewSet(ViewSet):
    """The listing over every type, first in the "Question bank" menu."""

    name = "question_bank"
    url_prefix = "question-bank"
    icon = "help"
    menu_label = _("All questions")
    menu_item_class = QuestionBankMenuItem

    @property
    def index_view(self):
        return self.construct_view(QuestionIndexView)

    @property
    def index_results_view(self):
        return self.construct_view(QuestionIndexView, results_only=True)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
