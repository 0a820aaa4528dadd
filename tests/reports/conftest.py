"""Fixtures for the report tests: a quiz with a single-choice, a multiple-choice and a
scenario question, in a module of its own."""

import pytest

from tests.factories import build_module
from tests.factories.questions import build_quiz, multiple_choice, scenario, single_choice


@pytest.fixture
def questions(db):
    return {
        "single": single_choice(),
        "multiple": multiple_choice(),
        "scenario": scenario(),
    }


@pytest.fixture
def report_quiz(catalogue, questions):
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    return build_quiz(module, list(questions.values()))
