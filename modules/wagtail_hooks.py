"""
Admin wiring of ``modules``: the scenario chooser used by lesson blocks, and the report of which
scenarios refer to referral pathway steps (shown to trainers when a pathway changes), and the
check before a document is served.
"""

from wagtail import hooks

from content.hooks import PATHWAY_STEP_REFERENCES
from modules.choosers import scenario_chooser_viewset
from modules.documents import refuse_document
from quizzes.pathway_references import scenario_option_references


@hooks.register("register_admin_viewset")
def register_scenario_chooser():
    return scenario_chooser_viewset


@hooks.register(PATHWAY_STEP_REFERENCES)
def scenarios_referring_to_pathway_steps(step_keys):
    return list(scenario_option_references(step_keys))


# Documents are private: served only to readers of a lesson that links them (modules/documents.py).
hooks.register("before_serve_document", refuse_document)
