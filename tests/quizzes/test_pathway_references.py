"""Scenarios report which referral pathway steps their decisions name."""

import pytest
from wagtail import hooks

from pathways.hooks import PATHWAY_STEP_REFERENCES
from quizzes.pathway_references import scenario_option_references
from tests.factories.questions import scenario


@pytest.mark.django_db
def test_options_naming_changed_steps_are_listed(django_assert_num_queries):
    scenario(title="The car wash")
    scenario(title="The rest centre")
    with django_assert_num_queries(1):
        found = list(scenario_option_references(["adults:tell-the-lead", "children:other"]))
    assert {step for _label, _url, step in found} == {"adults:tell-the-lead"}
    labels = sorted(label for label, _url, _step in found)
    assert labels[0] == "Scenario “The car wash”, option “Mention it next month”"
    assert len(found) == 4  # two options in each scenario


@pytest.mark.django_db
def test_nothing_refers_to_unused_steps():
    scenario()
    assert list(scenario_option_references(["adults:unused"])) == []
    assert list(scenario_option_references([])) == []


@pytest.mark.django_db
def test_registered_with_the_content_hook():
    scenario()
    results = [
        row
        for hook in hooks.get_hooks(PATHWAY_STEP_REFERENCES)
        for row in hook(["adults:speak-privately"])
    ]
    assert [step for _label, _url, step in results] == ["adults:speak-privately"]
