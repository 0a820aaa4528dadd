"""
Choosers (the admin's "Choose…" pop-ups) for bank questions and for learners.

The question chooser lists every type at once, searchable by title and prompt and filterable by
type and category; a quiz page uses it to pick its questions (``QuizPageQuestion.panels``). The
learner chooser picks the learner who gets extra time, so that the form never lists every
account in a drop-down.

Neither chooser replaces the widget of other foreign keys (``register_widget = False``): the
panels that want one name its ``widget_class``. Both are registered in
:mod:`quizzes.wagtail_hooks`.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import policy_registry

from elearning.ids import IdChooserMixin
from quizzes.models import (
    FreeTextQuestion,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    QuestionCategory,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TimeAllowance,
    TrueFalseQuestion,
)

#: The concrete question types, in the order trainers see them.
QUESTION_TYPES = (
    SingleChoiceQuestion,
    MultipleChoiceQuestion,
    TrueFalseQuestion,
    OrderingQuestion,
    MatchingQuestion,
    FreeTextQuestion,
    ScenarioQuestion,
)


def question_type_choices():
    """``(type_key, label)`` for every question type, for filters."""
    return [(model.type_key, capfirst(model._meta.verbose_name)) for model in QUESTION_TYPES]


def question_type_model(type_key):
    """The question model with ``type_key``, or None."""
    return next((model for model in QUESTION_TYPES if model.type_key == type_key), None)


def filter_by_type(queryset, type_key):
    """Questions of the type ``type_key`` (a filter on the polymorphic content type)."""
    # Imported here: this module is imported while models load (by modules' panels).
    from django.contrib.contenttypes.models import ContentType

    model = question_type_model(type_key)
    if model is None:
        return queryset.none()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return queryset.filter(polymorphic_ctype=content_type)


def question_type_label(question):
    """The verbose name of a (non-polymorphic) question's type, from its content type id."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(question.polymorphic_ctype_id).model_class()
    return capfirst(model._meta.verbose_name) if model else ""


class SearchField(forms.CharField):
    """The search box of Wagtail's choosers, searching with the database rather than an index."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Search term"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("Search")}))
        super().__init__(required=False, **kwargs)


class QuestionFilterForm(BaseFilterForm):
    q = SearchField()
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=lambda: [("", _("All types")), *question_type_choices()],
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=QuestionCategory.objects.all(),
        empty_label=_("All categories"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        search_query = self.cleaned_data.get("q")
        if search_query:
            objects = objects.filter(
                Q(title__icontains=search_query) | Q(prompt__icontains=search_query)
            )
            self.is_searching = True
            self.search_query = search_query
        if type_key := self.cleaned_data.get("type"):
            objects = filter_by_type(objects, type_key)
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        return objects


class QuestionChooseMixin:
    """The listing in the question chooser: one query for the page, whatever the types."""

    filter_form_class = QuestionFilterForm
    ordering = ["title", "pk"]

    def get_object_list(self):
        return Question.objects.non_polymorphic().select_related("category")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("type", label=_("Type"), accessor=question_type_label),
            Column("category", label=_("Category"), accessor="category"),
        ]


class QuestionChooseView(QuestionChooseMixin, chooser_views.ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseMixin, chooser_views.ChooseResultsView):
    pass


class QuestionChooserViewSet(IdChooserMixin, ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = _("Choose a question")
    choose_another_text = _("Choose another question")
    edit_item_text = _("Edit this question")
    register_widget = False
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView


class LearnerFilterForm(BaseFilterForm):
    q = SearchField()

    def filter(self, objects):
        objects = super().filter(objects)
        search_query = self.cleaned_data.get("q")
        if search_query:
            objects = objects.filter(
                Q(username__icontains=search_query)
                | Q(first_name__icontains=search_query)
                | Q(last_name__icontains=search_query)
                | Q(email__icontains=search_query)
            )
            self.is_searching = True
            self.search_query = search_query
        return objects


class LearnerChooseMixin:
    """Only people who may grant extra time see the list of learners."""

    filter_form_class = LearnerFilterForm
    ordering = ["last_name", "first_name", "username"]

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(TimeAllowance)
        if not policy.user_has_any_permission(request.user, ["add", "change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return get_user_model().objects.filter(is_active=True)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("username", label=_("Username"), accessor="username"),
        ]


class LearnerChooseView(LearnerChooseMixin, chooser_views.ChooseView):
    pass


class LearnerChooseResultsView(LearnerChooseMixin, chooser_views.ChooseResultsView):
    pass


class LearnerChosenView(LearnerChooseMixin, chooser_views.ChosenView):
    def get_display_title(self, instance):
        return learner_display_title(instance)


def learner_display_title(user):
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class LearnerChooserViewSet(IdChooserMixin, ChooserViewSet):
    # A string: this module may be imported while models load (modules' panels use it).
    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = _("Choose a learner")
    choose_another_text = _("Choose another learner")
    register_widget = False
    choose_view_class = LearnerChooseView
    choose_results_view_class = LearnerChooseResultsView
    chosen_view_class = LearnerChosenView

    @cached_property
    def widget_class(self):
        widget_class = super().widget_class
        return type(
            widget_class.__name__,
            (widget_class,),
            {
                "show_edit_link": False,
                "get_display_title": lambda widget, instance: learner_display_title(instance),
            },
        )


question_chooser_viewset = QuestionChooserViewSet(
    "question_chooser", url_prefix="question-bank/choose-question"
)
learner_chooser_viewset = LearnerChooserViewSet(
    "learner_chooser", url_prefix="question-bank/choose-learner"
)
