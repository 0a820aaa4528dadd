"""Factories for tests: users with roles, and the training page tree."""

from tests.factories.pages import (
    LessonPageFactory,
    TrainingCatalogPageFactory,
    TrainingModulePageFactory,
    build_module,
)
from tests.factories.users import UserFactory

__all__ = [
    "LessonPageFactory",
    "TrainingCatalogPageFactory",
    "TrainingModulePageFactory",
    "UserFactory",
    "build_module",
]
