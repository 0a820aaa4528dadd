"""Models of the ``modules`` app: the page tree (``pages``) and progress (``progress``)."""

from modules.models.pages import LessonPage, TrainingCatalogPage, TrainingModulePage
from modules.models.progress import Enrolment, LessonProgress

__all__ = [
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "TrainingCatalogPage",
    "TrainingModulePage",
]
