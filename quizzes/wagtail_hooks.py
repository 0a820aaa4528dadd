"""
Admin wiring for the quiz engine: one "Question bank" menu for trainers.

Its menu holds three entries:

* "All questions" (:mod:`quizzes.admin_views`): every question of every type, with filters, and
  an "Add question" button that offers the six types.
* "Categories": the topics questions are grouped by (quizzes can draw questions from one).
* "Extra time": extra minutes for one learner on timed quizzes (a reasonable adjustment), which
  trainers and training managers arrange.

Each question type has its own snippet viewset (create, edit, delete, history, and a preview of
the question as learners see it) because ``InlinePanel`` edits the options of one concrete
model only. Those viewsets have no menu entries of their own: trainers reach them from "All
questions". Their forms (:mod:`quizzes.admin_forms`) refuse a question learners could not
answer fairly.

The question form (:mod:`quizzes.admin_panels`) shows the technical key only on request, the
indicators as a searchable picker (:mod:`quizzes.indicator_picker`), and the assessment quality
warnings beside the fields they concern; after a save that the check has something to say
about, the trainer lands back on the form to read them there.

The question and learner choosers (:mod:`quizzes.choosers`) are registered here too. A
scenario's edit page also has an error summary at the top and its branch map under the stages
(:mod:`quizzes.scenario_panels`).
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes.admin_forms import (
    MatchingQuestionForm,
    MultipleChoiceQuestionForm,
    OrderingQuestionForm,
    QuestionAdminForm,
    ScenarioQuestionForm,
    SingleChoiceQuestionForm,
    TimeAllowanceForm,
)
from quizzes.admin_panels import (
    QualityWarningsPanel,
    TechnicalKeyPanel,
    WarnedFieldPanel,
    WarnedInlinePanel,
)
from quizzes.admin_views import QuestionListingViewSet
from quizzes.choosers import (
    learner_chooser_viewset,
    learner_display_title,
    question_chooser_viewset,
)
from quizzes.indicator_picker import IndicatorPicker
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
from quizzes.quality import question_warnings
from quizzes.scenario_panels import BranchMapPanel, ErrorSummaryPanel

QUESTION_BANK_URL = reverse_lazy("question_bank:index")


def question_edit_handler(
    type_panels, form_class=QuestionAdminForm, warned_fields=(), *, leading=()
):
    """The shared fields of every question around the panels of one type.

    ``warned_fields`` names the quality warnings' fields that a panel of this type shows beside
    itself; the summary at the top links to those and spells out the rest. ``leading`` panels
    come first, above the shared fields (a scenario's error summary).
    """
    return ObjectList(
        [
            *leading,
            QualityWarningsPanel(placed_fields=warned_fields),
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    TechnicalKeyPanel("key"),
                    FieldPanel("category"),
                    FieldPanel("tags"),
                    FieldPanel("indicators", widget=IndicatorPicker),
                ],
                heading=_("In the question bank"),
            ),
            FieldPanel("prompt"),
            MultiFieldPanel(
                [FieldPanel("image"), FieldPanel("image_alt_text")],
                heading=_("Image (optional)"),
            ),
            *type_panels,
            FieldPanel("general_feedback"),
        ],
        base_form_class=form_class,
    )


def option_panel(help_text):
    return WarnedInlinePanel(
        "options",
        heading=_("Options"),
        label=_("Option"),
        help_text=help_text,
        panels=[FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("feedback")],
    )


# Success and cancel go back to the listing of every type, where trainers come from.


# After a save with quality warnings they go back to the form, where each warning sits beside
# its field.


def saved_question_warnings(request, question):
    """The quality warnings about ``question`` as just saved, worked out once per request."""
    cached = getattr(request, "question_quality_warnings", None)
    if cached is None or cached[0] != question.pk:
        cached = (question.pk, question_warnings(question))
        request.question_quality_warnings = cached
    return cached[1]


class SavedQuestionRedirectMixin:
    """Back to the form when the saved question has quality warnings, else to the listing."""

    def get_success_url(self):
        question = getattr(self, "object", None)
        if question is not None and question.pk and saved_question_warnings(self.request, question):
            return reverse(self.edit_url_name, args=(quote(question.pk),))
        return str(QUESTION_BANK_URL)


class QuestionCreateView(SavedQuestionRedirectMixin, snippet_views.CreateView):
    pass


class QuestionEditView(SavedQuestionRedirectMixin, snippet_views.EditView):
    pass


class QuestionDeleteView(snippet_views.DeleteView):
    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or str(QUESTION_BANK_URL)


class QuestionTypeViewSet(SnippetViewSet):
    """What every question type's viewset shares; subclasses set the model and edit handler."""

    # The key of a question type is its link to the base question, which Wagtail would route as
    # any text; a word or a 20-digit number there must be "not found", not an error.
    pk_path_converter = "id"

    icon = "help"
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    copy_view_enabled = False
    list_display = ["title", "category", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "prompt"]
    search_backend_name = None
    #: Reached from "All questions", not from a menu entry of its own.
    show_in_menu = False

    @property
    def url_prefix(self):
        return f"question-bank/{self.model_name}"

    @property
    def breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": QUESTION_BANK_URL, "label": _("Question bank")},
        ]


class SingleChoiceQuestionViewSet(QuestionTypeViewSet):
    model = SingleChoiceQuestion
    edit_handler = question_edit_handler(
        [option_panel(_("Mark exactly one option as correct. Learners see them shuffled."))],
        SingleChoiceQuestionForm,
        warned_fields=["options"],
    )


class MultipleChoiceQuestionViewSet(QuestionTypeViewSet):
    model = MultipleChoiceQuestion
    edit_handler = question_edit_handler(
        [
            FieldPanel("scoring"),
            option_panel(
                _(
                    "Mark every correct option; leave at least one wrong. Learners see them "
                    "shuffled."
                )
            ),
        ],
        MultipleChoiceQuestionForm,
        warned_fields=["options"],
    )


class TrueFalseQuestionViewSet(QuestionTypeViewSet):
    model = TrueFalseQuestion
    edit_handler = question_edit_handler(
        [
            MultiFieldPanel(
                [
                    FieldPanel("correct_answer"),
                    FieldPanel("feedback_true"),
                    FieldPanel("feedback_false"),
                ],
                heading=_("Answer"),
            )
        ]
    )


class OrderingQuestionViewSet(QuestionTypeViewSet):
    model = OrderingQuestion
    edit_handler = question_edit_handler(
        [
            FieldPanel("partial_credit"),
            WarnedInlinePanel(
                "items",
                warnings_field="options",
                heading=_("Steps"),
                label=_("Step"),
                help_text=_("In the right order. Learners always see them shuffled."),
                panels=[FieldPanel("text")],
            ),
        ],
        OrderingQuestionForm,
        warned_fields=["options"],
    )


class MatchingQuestionViewSet(QuestionTypeViewSet):
    model = MatchingQuestion
    edit_handler = question_edit_handler(
        [
            FieldPanel("partial_credit"),
            WarnedInlinePanel(
                "pairs",
                warnings_field="options",
                heading=_("Pairs"),
                label=_("Pair"),
                help_text=_(
                    "Each item with its match. Learners choose each item's match from all the "
                    "matches, shuffled, so every match must be different."
                ),
                panels=[FieldPanel("left"), FieldPanel("right"), FieldPanel("feedback")],
            ),
        ],
        MatchingQuestionForm,
        warned_fields=["options"],
    )


class FreeTextQuestionViewSet(QuestionTypeViewSet):
    model = FreeTextQuestion
    edit_handler = question_edit_handler([FieldPanel("guidance"), FieldPanel("max_length")])


class ScenarioQuestionViewSet(QuestionTypeViewSet):
    """Scenarios: the narrative is the question prompt; stages are edited in one StreamField."""

    model = ScenarioQuestion
    icon = "view"
    edit_handler = question_edit_handler(
        [
            MultiFieldPanel(
                [
                    FieldPanel("setting"),
                    FieldPanel("pathway_key"),
                    FieldPanel("exploitation_types"),
                    FieldPanel("content_note"),
                ],
                heading=_("About the scenario"),
            ),
            WarnedFieldPanel(
                "stages",
                help_text=_(
                    "Start with a 'Spot the signs' stage, then decisions. Each option follows a "
                    "step of the referral pathway or is marked as a critical error, and says "
                    "which stage follows. Stages fold: open one to edit it."
                ),
            ),
            BranchMapPanel(),
            FieldPanel("debrief"),
        ],
        ScenarioQuestionForm,
        warned_fields=["stages"],
        leading=[ErrorSummaryPanel()],
    )


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    name = "question_categories"
    url_prefix = "question-bank/categories"
    icon = "tag"
    menu_label = _("Categories")
    form_fields = ["name"]
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class TimeAllowanceIndexView(generic.IndexView):
    def get_base_queryset(self):
        return TimeAllowance.objects.select_related("user", "quiz")


class TimeAllowanceViewSet(ModelViewSet):
    model = TimeAllowance
    name = "extra_time"
    url_prefix = "question-bank/extra-time"
    icon = "time"
    menu_label = _("Extra time")
    index_view_class = TimeAllowanceIndexView
    copy_view_enabled = False
    list_display = [
        Column("user", label=_("Learner"), accessor=lambda a: learner_display_title(a.user)),
        Column("quiz", label=_("Quiz"), accessor=lambda a: a.quiz or _("Every timed quiz")),
        Column("extra_minutes", label=_("Extra minutes"), sort_key="extra_minutes"),
    ]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_backend_name = None

    @property
    def edit_handler(self):
        return ObjectList(
            [
                FieldPanel("user", widget=learner_chooser_viewset.widget_class),
                PageChooserPanel("quiz", page_type="modules.QuizPage"),
                FieldPanel("extra_minutes"),
                FieldPanel("reason"),
            ],
            base_form_class=TimeAllowanceForm,
        )


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (
        QuestionListingViewSet,
        SingleChoiceQuestionViewSet,
        MultipleChoiceQuestionViewSet,
        TrueFalseQuestionViewSet,
        OrderingQuestionViewSet,
        MatchingQuestionViewSet,
        FreeTextQuestionViewSet,
        ScenarioQuestionViewSet,
        QuestionCategoryViewSet,
        TimeAllowanceViewSet,
    )

    def get_submenu_items(self):
        shown = [item for item in self.registerables if getattr(item, "show_in_menu", True)]
        return [item.get_menu_item(order=order) for order, item in enumerate(shown, start=1)]


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_viewset")
def register_choosers():
    return [question_chooser_viewset, learner_chooser_viewset]


@hooks.register("register_permissions")
def question_permissions():
    """The base question's permissions (the listing of every type) in the group editor."""
    return Permission.objects.filter(
        content_type__app_label="quizzes",
        codename__in=["add_question", "change_question", "delete_question", "view_question"],
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_about_question_quality(request, instance):
    """Say that the question just saved has quality warnings; the form shows them by the field."""
    if isinstance(instance, Question):
        warnings = saved_question_warnings(request, instance)
        if warnings:
            messages.warning(
                request,
                ngettext(
                    "Saved. The assessment quality check found %(count)d thing to look at: "
                    "it is shown beside the field it concerns.",
                    "Saved. The assessment quality check found %(count)d things to look at: "
                    "each is shown beside the field it concerns.",
                    len(warnings),
                )
                % {"count": len(warnings)},
            )


def show_quality_warnings(request, warnings):
    """Each warning as an admin message, naming the field it concerns."""
    for warning in warnings:
        messages.warning(request, _("Assessment quality: %(warning)s") % {"warning": warning})
