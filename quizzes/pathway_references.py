"""
Which scenarios refer to which referral pathway steps.

When trainers publish a pathway with changed steps, the admin lists everything that refers to
those steps, so a scenario never silently teaches an old procedure. This module answers that
for the quiz engine: it reads each scenario's stages as stored (no block conversion), so the
cost is one query however many scenarios, stages or references there are.
"""

from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder

from quizzes.models import ScenarioQuestion


def scenario_option_references(step_keys, *, user=None):
    """Yield ``(label, admin_url, step_key)`` for each scenario option naming one of the keys."""
    wanted = set(step_keys)
    if not wanted:
        return
    finder = AdminURLFinder(user)
    for scenario in ScenarioQuestion.objects.only("pk", "title", "stages"):
        url = None
        for stage in scenario.stages.raw_data:
            if stage.get("type") != "decision":
                continue
            for option in stage["value"].get("options", []):
                option = option.get("value", option)  # ListBlock items may be wrapped
                step = option.get("pathway_step")
                if step in wanted:
                    if url is None:
                        url = finder.get_edit_url(scenario) or ""
                    label = _("Scenario “%(scenario)s”, option “%(option)s”") % {
                        "scenario": scenario.title,
                        "option": option.get("text", ""),
                    }
                    yield (label, url, step)
