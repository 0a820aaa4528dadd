"""Every page type a learner can open has its view registered (modules.models.serving)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage
from modules.models.serving import learner_view
from modules.page_views.catalogue import CatalogueView
from modules.page_views.lesson import LessonView
from modules.page_views.module import ModuleView
from modules.page_views.quiz import QuizView


@pytest.mark.parametrize(
    ("page_class", "view_class"),
    [
        (TrainingCatalogPage, CatalogueView),
        (TrainingModulePage, ModuleView),
        (LessonPage, LessonView),
        (QuizPage, QuizView),
    ],
)
def test_each_page_type_is_served_by_its_own_view(page_class, view_class):
    assert type(learner_view(page_class.__new__(page_class))) is view_class


def test_a_page_type_without_a_view_is_a_configuration_error():
    class Unserved:
        pass

    with pytest.raises(ImproperlyConfigured):
        learner_view(Unserved())
