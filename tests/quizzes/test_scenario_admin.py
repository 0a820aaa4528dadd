"""Trainers write scenarios in the question bank; the editor refuses branches that do not end."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from quizzes.models import ScenarioQuestion
from tests.content.pathway_builders import build_indicator, step
from tests.form_data import listblock


@pytest.fixture(autouse=True)
def libraries(db):
    """The indicator and the pathway step the scenario's selects offer."""
    from wagtail.models import Locale

    from pathways.models import ReferralPathway

    build_indicator(
        "finances-controlled", sign="Someone else controls their money", category="work_money_debt"
    )
    pathway = ReferralPathway(
        locale=Locale.get_default(), key="adults", title="If you are worried about an adult"
    )
    pathway.steps = [step(1, key="tell-the-lead", title="Tell the anti-trafficking lead")]
    pathway.live = False
    pathway.save()
    pathway.save_revision().publish()


def option(key, text, step, *, points=0, critical=False, recommended=False, next_stage=""):
    return {
        "key": key,
        "text": text,
        "pathway_step": step,
        "points": points,
        "critical": critical,
        "recommended": recommended,
        "feedback": f"Why {text}",
        "next": next_stage,
    }


def form_data(decision_next=""):
    data = nested_form_data(
        {
            "title": "Food parcel",
            "key": "food-parcel",
            "prompt": rich_text("<p>A woman always comes with the same man.</p>"),
            "general_feedback": rich_text(""),
            "setting": "food_distribution",
            "pathway_key": "adults",
            "content_note": "",
            "debrief": rich_text("<p>Why.</p>"),
            "image_alt_text": "",
            "stages": streamfield(
                [
                    (
                        "spot_signs",
                        {
                            "key": "signs",
                            "title": "What do you notice?",
                            "prompt": rich_text("<p>Pick the signs.</p>"),
                            "next": "act",
                            "observations": listblock(
                                [
                                    {
                                        "key": "card",
                                        "text": "He holds her bank card",
                                        "indicator": "finances-controlled",
                                        "explanation": "Control of money.",
                                    }
                                ]
                            ),
                        },
                    ),
                    (
                        "decision",
                        {
                            "key": "act",
                            "title": "What now?",
                            "prompt": rich_text("<p>Choose.</p>"),
                            "requires": "",
                            "options": listblock(
                                [
                                    option("confront", "Confront him", "", critical=True),
                                    option(
                                        "lead",
                                        "Tell the lead",
                                        "adults:tell-the-lead",
                                        points=2,
                                        recommended=True,
                                        next_stage=decision_next,
                                    ),
                                ]
                            ),
                        },
                    ),
                ]
            ),
        }
    )
    data["exploitation_types"] = ["sexual_exploitation", "forced_labour"]
    return data


def add_url():
    return reverse("wagtailsnippets_quizzes_scenarioquestion:add")


@pytest.mark.django_db
def test_trainer_creates_a_scenario_through_the_admin(client_for, trainer):
    response = client_for(trainer).post(add_url(), form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    scenario = ScenarioQuestion.objects.get(key="food-parcel")
    assert scenario.exploitation_types == ["sexual_exploitation", "forced_labour"]
    assert [stage.block_type for stage in scenario.stages] == ["spot_signs", "decision"]


@pytest.mark.django_db
def test_branch_to_a_missing_stage_is_a_form_error(client_for, trainer):
    response = client_for(trainer).post(add_url(), form_data(decision_next="nowhere"))
    assert response.status_code == 200
    assert "which does not exist" in response.content.decode()
    assert not ScenarioQuestion.objects.exists()


@pytest.mark.django_db
def test_scenarios_appear_in_the_all_types_listing(client_for, trainer):
    client_for(trainer).post(add_url(), form_data())
    listing = client_for(trainer).get(reverse("question_bank:index"))
    assert "Food parcel" in listing.content.decode()


@pytest.mark.django_db
def test_volunteer_cannot_create_scenarios(client_for, volunteer):
    client_for(volunteer).post(add_url(), form_data())
    assert not ScenarioQuestion.objects.exists()
