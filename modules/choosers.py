"""
The admin chooser trainers use to put a spot-the-signs scenario into a lesson for practice.

Defined here rather than in ``quizzes`` because it is a lesson authoring tool: ``modules`` may
use the quiz engine's models, and the lesson block in :mod:`modules.blocks` is built from it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from elearning.ids import IdChooserMixin
from quizzes.models import ScenarioQuestion
from quizzes.models.scenarios import ScenarioUse


class ScenarioChooserViewSet(IdChooserMixin, ChooserViewSet):
    model = ScenarioQuestion
    icon = "view"
    choose_one_text = _("Choose a scenario")
    choose_another_text = _("Choose another scenario")
    edit_item_text = _("Edit this scenario")
    form_fields = []  # scenarios are written in the question bank, not created from a lesson
    url_filter_parameters = []

    def get_object_list(self):
        """Only scenarios that may be practised: an assessed one stays unseen before the quiz."""
        return ScenarioQuestion.objects.exclude(use=ScenarioUse.ASSESSED)


scenario_chooser_viewset = ScenarioChooserViewSet("scenario_chooser", url_prefix="scenario-chooser")
ScenarioChooserBlock = scenario_chooser_viewset.get_block_class(
    name="ScenarioChooserBlock", module_path="modules.choosers"
)
