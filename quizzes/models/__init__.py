"""Models of the quiz engine: the question bank (``questions``) and attempts (``attempts``)."""

from quizzes.models.attempts import (
    AttemptStatus,
    QuestionResponse,
    QuizAttempt,
    ReviewPolicy,
    TimeAllowance,
)
from quizzes.models.questions import (
    FreeTextQuestion,
    GradeResult,
    MatchingPair,
    MatchingQuestion,
    MultipleChoiceOption,
    MultipleChoiceQuestion,
    MultipleChoiceScoring,
    OrderingItem,
    OrderingQuestion,
    Question,
    QuestionCategory,
    SingleChoiceOption,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizzes.models.scenarios import ScenarioQuestion, ScenarioSetting

__all__ = [
    "AttemptStatus",
    "FreeTextQuestion",
    "GradeResult",
    "MatchingPair",
    "MatchingQuestion",
    "MultipleChoiceOption",
    "MultipleChoiceQuestion",
    "MultipleChoiceScoring",
    "OrderingItem",
    "OrderingQuestion",
    "Question",
    "QuestionCategory",
    "QuestionResponse",
    "QuizAttempt",
    "ReviewPolicy",
    "ScenarioQuestion",
    "ScenarioSetting",
    "SingleChoiceOption",
    "SingleChoiceQuestion",
    "TimeAllowance",
    "TrueFalseQuestion",
]
