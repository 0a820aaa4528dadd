"""Models of the ``modules`` app: the page tree (``pages``, ``quiz_page``) and progress.

The page models do not serve learners themselves: their views register in ``serving``.
"""

from modules.models.pages import (
    LessonPage,
    TrainingCatalogPage,
    TrainingModulePage,
    live_modules_queryset,
    module_of,
    prefetch_access,
)
from modules.models.progress import Enrolment, LessonProgress
from modules.models.quiz_page import QuizPage, QuizPageQuestion, QuizRandomDraw

__all__ = [
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "QuizPage",
    "QuizPageQuestion",
    "QuizRandomDraw",
    "TrainingCatalogPage",
    "TrainingModulePage",
    "live_modules_queryset",
    "module_of",
    "prefetch_access",
]
