"""The question form: a key made from the title, indicators picked from a searchable list,
quality warnings beside the field they concern."""

import re

import pytest
from wagtail.test.utils import WagtailTestUtils

from quizzes.models import SingleChoiceQuestion
from quizzes.question_keys import unique_question_key
from tests.content.pathway_builders import build_indicator
from tests.quizzes.test_question_bank_admin import (
    LISTING_URL,
    errors,
    form_data_from_html,
    options,
    single_choice_data,
    url,
)


def soup(response):
    return WagtailTestUtils.get_soup(response.content.decode())


@pytest.mark.django_db
class TestTechnicalKey:
    def test_an_empty_key_is_made_from_the_title_and_kept_unique(self, client_for, trainer):
        client = client_for(trainer)
        for _ in range(2):
            response = client.post(url(SingleChoiceQuestion, "add"), single_choice_data())
            assert response.status_code == 302, errors(response)
        keys = sorted(SingleChoiceQuestion.objects.values_list("key", flat=True))
        assert keys == ["who-can-refer-into-the-nrm", "who-can-refer-into-the-nrm-2"]

    def test_the_key_stays_when_the_title_changes(self, client_for, trainer):
        client = client_for(trainer)
        client.post(url(SingleChoiceQuestion, "add"), single_choice_data())
        question = SingleChoiceQuestion.objects.get()
        edit_url = url(SingleChoiceQuestion, "edit", question.pk)
        data = form_data_from_html(client.get(edit_url).content.decode(), "w-editor-form")
        data["title"] = "Who may refer an adult into the NRM?"
        response = client.post(edit_url, data)
        assert response.status_code == 302, errors(response)
        question.refresh_from_db()
        assert question.title == "Who may refer an adult into the NRM?"
        assert question.key == "who-can-refer-into-the-nrm"

    def test_the_key_is_hidden_in_a_closed_disclosure(self, client_for, trainer):
        page = soup(client_for(trainer).get(url(SingleChoiceQuestion, "add")))
        details = page.select_one("details.technical-key")
        assert details is not None and not details.has_attr("open")
        assert details.summary.get_text(strip=True) == "Show technical key"
        assert details.select_one("input[name=key]") is not None

    def test_a_taken_key_opens_the_disclosure_with_its_error(self, client_for, trainer):
        client = client_for(trainer)
        client.post(url(SingleChoiceQuestion, "add"), single_choice_data(key="nrm"))
        response = client.post(
            url(SingleChoiceQuestion, "add"), single_choice_data("Another", key="nrm")
        )
        assert response.status_code == 200
        details = soup(response).select_one("details.technical-key")
        assert details.has_attr("open")
        assert "Another question already has the key" in details.get_text()
        assert SingleChoiceQuestion.objects.count() == 1

    def test_unique_question_key_counts_past_taken_keys(self, db):
        SingleChoiceQuestion.objects.create(title="Consent", key="consent", prompt="<p>?</p>")
        SingleChoiceQuestion.objects.create(title="Consent", key="consent-2", prompt="<p>?</p>")
        assert unique_question_key("Consent") == "consent-3"
        assert unique_question_key("Consent!", exclude_pk=None).startswith("consent-")
        assert unique_question_key("???") == "question"


@pytest.mark.django_db
class TestIndicatorPicker:
    def test_indicators_are_a_grouped_select_not_checkboxes(self, client_for, trainer):
        build_indicator("documents-held")
        build_indicator(
            "scripted-answers", sign="Answers sound rehearsed", category="reluctance_to_seek_help"
        )
        page = soup(client_for(trainer).get(url(SingleChoiceQuestion, "add")))
        assert not page.select("input[type=checkbox][name=indicators]")
        select = page.select_one("select[name=indicators][multiple]")
        groups = [group["label"] for group in select.select("optgroup")]
        assert sorted(groups) == ["Reluctance to seek help", "Restricted freedom of movement"]
        label = page.select_one(f"label[for={select['id']}]")
        assert label is not None and "indicators" in label.get_text().lower()
        search = page.select_one(f"input[type=search][aria-controls={select['id']}]")
        assert page.select_one(f"label[for={search['id']}]").get_text(strip=True) == "Find a sign"

    def test_chosen_indicators_are_saved_and_listed_as_chosen(self, client_for, trainer):
        held = build_indicator("documents-held")
        build_indicator("scripted-answers", sign="Answers sound rehearsed")
        client = client_for(trainer)
        data = single_choice_data()
        data["indicators"] = [str(held.pk)]
        response = client.post(url(SingleChoiceQuestion, "add"), data)
        assert response.status_code == 302, errors(response)
        question = SingleChoiceQuestion.objects.get()
        assert list(question.indicators.all()) == [held]
        page = soup(client.get(url(SingleChoiceQuestion, "edit", question.pk)))
        chosen = page.select("[data-indicator-picker-chosen] li")
        chosen = [item.get_text(strip=True) for item in chosen]
        assert chosen == [held.sign]


@pytest.mark.django_db
class TestQualityWarningsAtTheField:
    def test_a_warning_shows_beside_the_options_after_saving(self, client_for, trainer):
        client = client_for(trainer)
        data = single_choice_data(
            options=options(("A First Responder", True), ("All of the above", False))
        )
        response = client.post(url(SingleChoiceQuestion, "add"), data)
        question = SingleChoiceQuestion.objects.get()
        edit_url = url(SingleChoiceQuestion, "edit", question.pk)
        assert response["Location"] == edit_url  # back to the form, to read the warning there

        page = soup(client.get(edit_url))
        warning = page.select_one("#quality-warnings-options")
        assert "All of the above" in warning.get_text()
        # Beside the options: after the options panel, before the next field.
        html = str(page)
        at = html.index('id="quality-warnings-options"')
        assert html.index("id_options-TOTAL_FORMS") < at < html.index('name="general_feedback"')
        # And summarised at the top with a link to it.
        summary_link = page.select_one(".quality-summary a[href='#quality-warnings-options']")
        assert summary_link is not None

    def test_a_question_without_warnings_goes_back_to_the_listing(self, client_for, trainer):
        response = client_for(trainer).post(url(SingleChoiceQuestion, "add"), single_choice_data())
        assert response["Location"] == LISTING_URL
        question = SingleChoiceQuestion.objects.get()
        page = client_for(trainer).get(url(SingleChoiceQuestion, "edit", question.pk))
        assert not re.search(r"quality-warnings-|quality-summary", page.content.decode())
