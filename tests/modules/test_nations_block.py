"""The nations block: the learner's own nation first, from the region in their profile."""

import json

import pytest

from learners.models import LearnerProfile
from modules.nations import Nation, nation_for_region
from tests.factories import LessonPageFactory, build_module

NATIONS = {
    "type": "nations",
    "value": {
        "title": "The law in each UK nation",
        "intro": "",
        "panels": [
            {"nation": "england_wales", "body": "<p>PANEL-EW Modern Slavery Act 2015.</p>"},
            {"nation": "scotland", "body": "<p>PANEL-SC Scotland Act 2015.</p>"},
            {"nation": "northern_ireland", "body": "<p>PANEL-NI Northern Ireland Act 2015.</p>"},
        ],
    },
}


@pytest.fixture
def lesson(catalogue):
    module = build_module(catalogue, slug="caseworker-training", lessons=0)
    return LessonPageFactory(parent=module, slug="the-law", body=json.dumps([NATIONS]))


def panel_order(response):
    html = response.content.decode()
    return sorted(("PANEL-EW", "PANEL-SC", "PANEL-NI"), key=html.index)


def set_region(user, region):
    LearnerProfile.objects.filter(user=user).update(region=region)


@pytest.mark.parametrize(
    ("region", "nation"),
    [
        ("Scotland", Nation.SCOTLAND),
        ("Glasgow and West", Nation.SCOTLAND),
        ("Northern Ireland", Nation.NORTHERN_IRELAND),
        ("NI", Nation.NORTHERN_IRELAND),
        ("Wales", Nation.ENGLAND_WALES),
        ("London", Nation.ENGLAND_WALES),
        ("Yorkshire and the Humber", Nation.ENGLAND_WALES),
        ("", None),
        ("Overseas", None),
    ],
)
def test_nation_for_region(region, nation):
    assert nation_for_region(region) == nation


@pytest.mark.django_db
class TestNationsBlock:
    @pytest.mark.parametrize(
        ("region", "first"),
        [
            ("Scotland", "PANEL-SC"),
            ("Northern Ireland", "PANEL-NI"),
            ("South West", "PANEL-EW"),
        ],
    )
    def test_learners_own_nation_comes_first_and_is_marked(
        self, client_for, volunteer, lesson, region, first
    ):
        set_region(volunteer, region)
        response = client_for(volunteer).get(lesson.url)
        assert response.status_code == 200
        order = panel_order(response)
        assert order[0] == first
        html = response.content.decode()
        own = html.split("nations__panel--own", 1)[1].split("</section>", 1)[0]
        assert first in own and "Where you work" in own

    def test_two_learners_see_their_own_order_on_the_same_cached_lesson(
        self, client_for, volunteer, caseworker, lesson
    ):
        set_region(volunteer, "Northern Ireland")
        set_region(caseworker, "Scotland")
        assert panel_order(client_for(volunteer).get(lesson.url))[0] == "PANEL-NI"
        assert panel_order(client_for(caseworker).get(lesson.url))[0] == "PANEL-SC"
        assert panel_order(client_for(volunteer).get(f"{lesson.url}?again=1"))[0] == "PANEL-NI"

    def test_a_region_naming_no_nation_keeps_the_trainers_order_unmarked(
        self, client_for, volunteer, lesson
    ):
        set_region(volunteer, "")
        response = client_for(volunteer).get(lesson.url)
        assert panel_order(response) == ["PANEL-EW", "PANEL-SC", "PANEL-NI"]
        assert "nations__panel--own" not in response.content.decode()
