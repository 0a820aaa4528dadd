"""Models of the ``modules`` app: the page tree (``pages``, ``quiz_page``) and progress."""

from modules.models.pages import LessonPage, TrainingCatalogPage, TrainingModulePage
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
]
