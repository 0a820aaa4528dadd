"""Each question type grades its frozen snapshot; no database needed."""

import random
from decimal import Decimal

import pytest

from quizzes.models import (
    FreeTextQuestion,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


def choice_snapshot(correct=("a",), wrong=("b", "c"), scoring="all_or_nothing"):
    options = [{"key": k, "text": k, "correct": True, "feedback": ""} for k in correct]
    options += [{"key": k, "text": k, "correct": False, "feedback": ""} for k in wrong]
    return {"type": "x", "options": options, "scoring": scoring}


class TestSingleChoice:
    def test_right_and_wrong(self):
        snap = choice_snapshot()
        assert SingleChoiceQuestion.grade(snap, {"choice": "a"}).score == 1
        assert SingleChoiceQuestion.grade(snap, {"choice": "b"}).score == 0

    def test_missing_or_foreign_key_scores_nothing(self):
        snap = choice_snapshot()
        assert SingleChoiceQuestion.grade(snap, {}).score == 0
        assert not SingleChoiceQuestion.grade(snap, {}).answered
        assert SingleChoiceQuestion.grade(snap, {"choice": "o999"}).score == 0

    def test_true_false_grades_like_single_choice(self):
        snap = {"options": [{"key": "true", "correct": False}, {"key": "false", "correct": True}]}
        assert TrueFalseQuestion.grade(snap, {"choice": "false"}).is_correct
        assert not TrueFalseQuestion.grade(snap, {"choice": "true"}).is_correct


class TestMultipleChoice:
    def test_all_or_nothing(self):
        snap = choice_snapshot(correct=("a", "b"), wrong=("c",))
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a", "b"]}).score == 1
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a"]}).score == 0
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a", "b", "c"]}).score == 0

    def test_partial_credit_with_penalty_never_below_zero(self):
        snap = choice_snapshot(correct=("a", "b"), wrong=("c", "d"), scoring="partial")
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a"]}).score == Decimal("0.5")
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a", "c"]}).score == 0
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["a", "b", "c"]}).score == Decimal(
            "0.5"
        )
        assert MultipleChoiceQuestion.grade(snap, {"choices": ["c", "d"]}).score == 0
        result = MultipleChoiceQuestion.grade(snap, {"choices": ["a", "b"]})
        assert result.score == 1 and result.is_correct


class TestOrdering:
    snap = {"correct_order": ["i1", "i2", "i3", "i4"], "partial_credit": False}

    def test_only_the_exact_order_scores(self):
        assert OrderingQuestion.grade(self.snap, {"order": ["i1", "i2", "i3", "i4"]}).score == 1
        assert OrderingQuestion.grade(self.snap, {"order": ["i2", "i1", "i3", "i4"]}).score == 0

    def test_partial_credit_counts_steps_in_place(self):
        snap = dict(self.snap, partial_credit=True)
        assert OrderingQuestion.grade(snap, {"order": ["i2", "i1", "i3", "i4"]}).score == Decimal(
            "0.5"
        )

    def test_incomplete_order_scores_nothing(self):
        assert OrderingQuestion.grade(self.snap, {"order": ["i1", "i2"]}).score == 0

    def test_steps_are_never_shown_in_the_right_order(self, db):
        from tests.factories.questions import ordering

        question = ordering()
        for seed in range(20):
            snap = question.snapshot(random.Random(seed), shuffle_choices=False)
            assert [i["key"] for i in snap["items"]] != snap["correct_order"]


class TestMatching:
    snap = {"answers": {"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}, "partial_credit": True}

    def test_partial_credit_per_pair(self):
        response = {"matches": {"l1": "r1", "l2": "r2", "l3": "r4", "l4": "r3"}}
        assert MatchingQuestion.grade(self.snap, response).score == Decimal("0.5")

    def test_all_or_nothing(self):
        snap = dict(self.snap, partial_credit=False)
        assert MatchingQuestion.grade(snap, {"matches": {"l1": "r1"}}).score == 0
        full = {"matches": {"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}}
        assert MatchingQuestion.grade(snap, full).score == 1


def test_free_text_is_not_scored():
    result = FreeTextQuestion.grade({}, {"text": "Tell the lead"})
    assert result.score is None and result.is_correct is None and result.answered


@pytest.mark.django_db
def test_snapshot_keeps_choices_in_presented_order_with_answers():
    from tests.factories.questions import single_choice

    question = single_choice()
    snap = question.snapshot(random.Random(3), shuffle_choices=True)
    assert snap["model"] == "quizzes.singlechoicequestion"
    assert sorted(o["text"] for o in snap["options"]) == sorted(
        ["A First Responder", "Any volunteer", "The person's employer"]
    )
    assert [o["correct"] for o in snap["options"]].count(True) == 1
