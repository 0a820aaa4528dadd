"""Migration 0013 numbers the parts the old loader saved without a sort order, in id order."""

import importlib

import pytest
from django.apps import apps

from quizzes.models import OrderingItem
from tests.factories.questions import ordering, single_choice

migration = importlib.import_module("quizzes.migrations.0013_parts_in_a_fixed_order")

pytestmark = pytest.mark.django_db


def test_unnumbered_steps_take_their_places_in_the_order_they_were_written():
    question = ordering(key="first-steps", steps=("Notice", "Call 999", "Record", "Tell"))
    OrderingItem.objects.filter(question=question).update(sort_order=None)
    numbered = single_choice(key="numbered")
    for position, option in enumerate(numbered.options.order_by("-pk"), start=5):
        option.sort_order = position
        option.save()
    options_before = list(numbered.options.values_list("pk", "sort_order"))

    migration.number_unordered_parts(apps, None)

    items = list(OrderingItem.objects.filter(question=question).order_by("sort_order"))
    assert [item.text for item in items] == ["Notice", "Call 999", "Record", "Tell"]
    assert [item.sort_order for item in items] == [0, 1, 2, 3]
    # A question whose parts had their numbers keeps them.
    assert list(numbered.options.values_list("pk", "sort_order")) == options_before
