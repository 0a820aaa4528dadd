"""The page tree rules live on the models: catalogue > module > lesson, nothing else."""

import pytest
from wagtail.models import Page

from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage


@pytest.mark.django_db
def test_catalogue_sits_at_root_only_once(catalogue):
    root = Page.get_first_root_node()
    assert not TrainingCatalogPage.can_create_at(root)  # one per parent
    assert not TrainingCatalogPage.can_create_at(catalogue)


@pytest.mark.django_db
def test_module_only_under_catalogue(catalogue, general_module):
    assert TrainingModulePage.can_create_at(catalogue)
    assert not TrainingModulePage.can_create_at(Page.get_first_root_node())
    assert not TrainingModulePage.can_create_at(general_module)


@pytest.mark.django_db
def test_lesson_only_under_module_and_has_no_children(catalogue, general_module):
    lesson = general_module.get_children().first().specific
    assert LessonPage.can_create_at(general_module)
    assert not LessonPage.can_create_at(catalogue)
    assert not LessonPage.can_create_at(lesson)
    assert LessonPage.allowed_subpage_models() == []


def test_declared_subpage_types():
    assert TrainingCatalogPage.allowed_subpage_models() == [TrainingModulePage]
    assert TrainingModulePage.allowed_subpage_models() == [LessonPage, QuizPage]
    assert QuizPage.allowed_parent_page_models() == [TrainingModulePage]
    assert QuizPage.allowed_subpage_models() == []
    assert LessonPage.allowed_parent_page_models() == [TrainingModulePage]
