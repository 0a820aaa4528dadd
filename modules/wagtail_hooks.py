"""
Admin wiring of ``modules``: the scenario chooser used by lesson blocks, the report of which
scenarios refer to referral pathway steps (shown to trainers when a pathway changes), the
assessment quality warnings shown when a trainer saves a quiz page, the "Translations to review"
list (:mod:`modules.language_review`), and the check before a
document is served.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from modules import language_review_views
from modules.choosers import scenario_chooser_viewset
from modules.documents import refuse_document
from modules.models import QuizPage
from pathways.hooks import PATHWAY_STEP_REFERENCES
from quizzes.pathway_references import scenario_option_references
from quizzes.quality import bank_of, quiz_warnings
from quizzes.wagtail_hooks import show_quality_warnings


@hooks.register("register_admin_viewset")
def register_scenario_chooser():
    return scenario_chooser_viewset


@hooks.register(PATHWAY_STEP_REFERENCES)
def scenarios_referring_to_pathway_steps(step_keys):
    return list(scenario_option_references(step_keys))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_quiz_quality(request, page):
    """Show what lets a learner pass the quiz just saved (draft or published) without knowing."""
    page = page.specific
    if isinstance(page, QuizPage):
        show_quality_warnings(request, quiz_warnings(bank_of(page)))


# Documents are private: served only to readers of a lesson that links them (modules/documents.py).
hooks.register("before_serve_document", refuse_document)


@hooks.register("register_admin_urls")
def language_review_urls():
    return [
        path("language-review/", language_review_views.review_list, name="language_review"),
        path(
            "language-review/<int:page_id>/approve/",
            language_review_views.approve,
            name="language_review_approve",
        ),
    ]


@hooks.register("register_settings_menu_item")
def language_review_menu_item():
    return MenuItem(
        _("Translations to review"), reverse("language_review"), icon_name="globe", order=900
    )
