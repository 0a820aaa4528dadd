"""
The scenario editor without typed keys: selects from the libraries and from the scenario's own
stages, keys filled from titles, each error beside its field and listed at the top, and the
branch map on the edit page and in the preview.
"""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from quizzes.models import ScenarioQuestion
from tests.quizzes.test_scenario_admin import add_url, form_data, libraries  # noqa: F401


def stage_errors(response):
    """The StreamField's errors as Wagtail hands them to the editor: nested, per field."""
    html = response.content.decode()
    for blob in re.findall(r'data-w-block-arguments-value="([^"]*)"', html):
        arguments = json.loads(unescape(blob))  # [the stages as posted, their errors]
        if len(arguments) > 1 and arguments[1]:
            return arguments[1]
    raise AssertionError("no StreamField errors in the page")


def summary(response):
    html = response.content.decode()
    start = html.index('class="scenario-error-summary"')
    return html[start : html.index("</div>", start)]


@pytest.mark.django_db
def test_a_link_to_a_missing_stage_is_shown_at_its_field_and_in_the_summary(client_for, trainer):
    response = client_for(trainer).post(add_url(), form_data(decision_next="nowhere"))
    assert response.status_code == 200
    errors = stage_errors(response)
    field = errors["blockErrors"]["1"]["blockErrors"]["options"]["blockErrors"]["1"]
    assert field["blockErrors"]["next"]["messages"] == [
        "Stage “act” leads to “nowhere”, which does not exist."
    ]
    top = summary(response)
    assert "There is 1 problem to fix" in top
    assert 'href="#stages-1-value-options-1-value-next"' in top
    assert "Stage 2 “What now?”, option 2, Next stage" in top
    assert not ScenarioQuestion.objects.exists()


@pytest.mark.django_db
def test_every_problem_is_listed_once_at_the_top(client_for, trainer):
    data = form_data()
    data["stages-1-value-options-1-value-recommended"] = ""  # no recommended option
    data["stages-1-value-options-0-value-critical"] = ""  # and the first names no step
    data["title"] = ""
    response = client_for(trainer).post(add_url(), data)
    assert response.status_code == 200
    top = summary(response)
    assert "There are 3 problems to fix" in top
    assert top.count("needs exactly one recommended option") == 1
    assert 'href="#stages-1-value-options"' not in top  # a list-level error links to its first item
    assert 'href="#stages-1-value-options-0-value-key"' in top
    assert 'href="#stages-1-value-options-0-value-pathway_step"' in top
    assert 'href="#id_title"' in top
    # The model's own check of the stages does not repeat what the form found.
    errors = response.context["form"].errors
    assert len(errors["stages"]) == 1


@pytest.mark.django_db
def test_an_unreachable_stage_is_refused_and_marked_on_the_map(client_for, trainer):
    data = form_data()
    data["stages-0-value-next"] = ""  # the decision is no longer reached
    response = client_for(trainer).post(add_url(), data)
    assert response.status_code == 200
    errors = stage_errors(response)
    assert errors["blockErrors"]["1"]["messages"] == ["No path reaches the stage “act”."]
    html = response.content.decode()
    assert 'data-mark="unreachable"' in html
    assert "Unreachable: no path leads to stage 2, “What now?”." in html
    assert not ScenarioQuestion.objects.exists()


@pytest.mark.django_db
def test_empty_keys_are_filled_from_titles_and_texts(client_for, trainer):
    data = form_data()
    for name in [
        "stages-0-value-key",
        "stages-0-value-observations-0-value-key",
        "stages-1-value-options-0-value-key",
        "stages-1-value-options-1-value-key",
    ]:
        data[name] = ""
    data["stages-1-value-key"] = ""
    data["stages-0-value-next"] = "what-now"  # the key its title "What now?" will get
    response = client_for(trainer).post(add_url(), data)
    assert response.status_code == 302, summary(response)
    stages = ScenarioQuestion.objects.get().stages
    assert [stage.value["key"] for stage in stages] == ["what-do-you-notice", "what-now"]
    assert stages[0].value["observations"][0]["key"] == "he-holds-her-bank-card"
    assert [o["key"] for o in stages[1].value["options"]] == ["confront-him", "tell-the-lead"]


@pytest.mark.django_db
def test_indicators_and_pathway_steps_are_offered_from_the_libraries(client_for, trainer):
    html = client_for(trainer).get(add_url()).content.decode()
    assert "Someone else controls their money" in html  # the indicator's sign
    assert "1. Tell the anti-trafficking lead" in html  # the live pathway's step
    assert "None: a red herring" in html
    assert "quizzes/js/scenario-editor.js" in html
    assert 'data-scenario-ref="stage"' in unescape(html).replace('\\"', '"')


@pytest.mark.django_db
def test_a_step_that_is_not_in_a_live_pathway_cannot_be_chosen(client_for, trainer):
    data = form_data()
    data["stages-1-value-options-1-value-pathway_step"] = "adults:made-up"
    response = client_for(trainer).post(add_url(), data)
    assert response.status_code == 200
    assert "Select a valid choice" in summary(response)
    assert not ScenarioQuestion.objects.exists()


@pytest.mark.django_db
def test_the_edit_page_draws_the_branch_map(client_for, trainer):
    client = client_for(trainer)
    client.post(add_url(), form_data())
    scenario = ScenarioQuestion.objects.get()
    url = reverse("wagtailsnippets_quizzes_scenarioquestion:edit", args=[scenario.pk])
    html = client.get(url).content.decode()
    assert "scenario-error-summary" not in html  # nothing to fix
    start = html.index("data-branch-map")
    drawn = html[start:]
    assert "Recommended path:" in drawn
    assert re.search(r'data-option="lead"[^>]*>.*?data-mark="recommended"', drawn, re.S)
    assert re.search(r'data-option="confront"[^>]*>.*?data-mark="critical"', drawn, re.S)
    assert "Ends the scenario: failed" in drawn
    # Steps by their titles, not their keys.
    assert "Pathway step: If you are worried about an adult, 1. Tell the anti-trafficking lead" in (
        drawn
    )


@pytest.mark.django_db
def test_the_preview_has_a_branch_map_mode(client_for, trainer):
    client = client_for(trainer)
    preview = reverse("wagtailsnippets_quizzes_scenarioquestion:preview_on_add")
    posted = client.post(preview, form_data())
    assert json.loads(posted.content)["is_valid"]
    response = client.get(preview, {"mode": "branch-map"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Branch map: Food parcel</h1>" in html
    assert 'data-mark="critical"' in html
    assert "<script" not in html  # readable without JavaScript


@pytest.mark.django_db
def test_the_pathway_is_picked_from_the_live_pathways(client_for, trainer):
    client = client_for(trainer)
    html = client.get(add_url()).content.decode()
    assert re.search(
        r'<select name="pathway_key"[^>]*>\s*<option value="adults"[^>]*>'
        r"If you are worried about an adult</option>",
        html,
    )
    data = form_data()
    data["pathway_key"] = "made-up"
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "Select a valid choice" in summary(response)
    assert not ScenarioQuestion.objects.exists()
