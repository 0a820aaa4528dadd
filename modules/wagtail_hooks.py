"""
Admin wiring of ``modules``: the scenario chooser used by lesson blocks, and the report of which
scenarios refer to referral pathway steps (shown to trainers when a pathway changes).
"""

from wagtail import hooks

from modules.choosers import scenario_chooser_viewset
from pathways.hooks import PATHWAY_STEP_REFERENCES
from quizzes.pathway_references import scenario_option_references


@hooks.register("register_admin_viewset")
def register_scenario_chooser():
    return scenario_chooser_viewset


@hooks.register(PATHWAY_STEP_REFERENCES)
def scenarios_referring_to_pathway_steps(step_keys):
    return list(scenario_option_references(step_keys))
