"""The indicator library: constraints, validation, and the trainers' admin listing and form."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import Locale

from pathways.indicators import ExploitationType, SignCategory
from pathways.models import Indicator, validate_exploitation_types
from tests.content.pathway_builders import build_indicator

NAMESPACE = "wagtailsnippets_pathways_indicator"


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def indicator_form_data(**overrides):
    data = {
        "sign": "Does not know their home or work address",
        "key": "does-not-know-address",
        "category": SignCategory.ISOLATION,
        "exploitation_types": [ExploitationType.GENERAL, ExploitationType.FORCED_LABOUR],
        "explanation": "People who are moved around may not know where they live.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestConstraints:
    def test_key_is_unique_per_locale(self):
        build_indicator("documents-held")
        with pytest.raises(IntegrityError), transaction.atomic():
            build_indicator("documents-held", sign="Another sign")

    def test_one_translation_per_locale(self):
        indicator = build_indicator("documents-held")
        with pytest.raises(IntegrityError), transaction.atomic():
            build_indicator("other", translation_key=indicator.translation_key)

    def test_unknown_category_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            build_indicator("strange", category="vibes")

    def test_translation_keeps_the_key(self, settings):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
            ("en-gb", "English"),
            ("fr", "French"),
        ]
        french = Locale.objects.create(language_code="fr")
        english = build_indicator("documents-held")
        translation = english.copy_for_translation(french)
        translation.sign = "Quelqu'un d'autre garde son passeport"
        translation.save()
        assert translation.key == english.key
        assert english.get_translation(french).sign.startswith("Quelqu'un")


class TestExploitationTypes:
    @pytest.mark.parametrize("value", [["forced_labour"], ["general", "organ_removal"]])
    def test_known_distinct_values_are_valid(self, value):
        validate_exploitation_types(value)

    @pytest.mark.parametrize(
        "value,message",
        [
            ("forced_labour", "as a list"),
            (["forced_labour", "vibes"], "Unknown form of exploitation: vibes"),
            (["general", "general"], "once"),
        ],
    )
    def test_other_values_are_refused(self, value, message):
        with pytest.raises(ValidationError, match=message):
            validate_exploitation_types(value)

    @pytest.mark.django_db
    def test_an_indicator_needs_at_least_one(self):
        indicator = Indicator(
            locale=Locale.get_default(),
            key="k",
            sign="s",
            category=SignCategory.ISOLATION,
            exploitation_types=[],
            explanation="e",
        )
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert "exploitation_types" in error.value.message_dict

    def test_labels_follow_the_vocabulary_order(self):
        indicator = Indicator(exploitation_types=["domestic_servitude", "general"])
        assert indicator.get_exploitation_types_display() == (
            "Any form of exploitation, Domestic servitude"
        )


@pytest.mark.django_db
class TestTrainerAdmin:
    def test_trainer_adds_an_indicator_with_checkboxes(self, client_for, trainer, catalogue):
        client = client_for(trainer)
        form = client.get(url("add")).content.decode()
        assert 'type="checkbox" name="exploitation_types" value="forced_labour"' in form
        response = client.post(url("add"), indicator_form_data())
        assert response.status_code == 302, response.content.decode()[:3000]
        indicator = Indicator.objects.get(key="does-not-know-address")
        assert indicator.exploitation_types == ["general", "forced_labour"]
        assert indicator.locale == Locale.get_default()
        assert indicator.revisions.count() == 1

    def test_edit_form_ticks_the_stored_forms_of_exploitation(self, client_for, trainer, catalogue):
        indicator = build_indicator("documents-held", exploitation_types=["domestic_servitude"])
        form = client_for(trainer).get(url("edit", indicator.pk)).content.decode()
        ticked = 'name="exploitation_types" value="domestic_servitude"'
        assert ticked in form
        position = form.index(ticked)
        assert "checked" in form[position : form.index(">", position)]

    def test_unknown_or_missing_forms_of_exploitation_are_form_errors(
        self, client_for, trainer, catalogue
    ):
        client = client_for(trainer)
        response = client.post(url("add"), indicator_form_data(exploitation_types=["vibes"]))
        assert response.status_code == 200
        response = client.post(url("add"), indicator_form_data(exploitation_types=[]))
        assert response.status_code == 200
        assert not Indicator.objects.exists()

    def test_duplicate_key_is_a_form_error(self, client_for, trainer, catalogue):
        build_indicator("does-not-know-address")
        response = client_for(trainer).post(url("add"), indicator_form_data())
        assert response.status_code == 200
        assert "Another indicator in this language already has the key" in (
            response.content.decode()
        )

    def test_listing_filters_by_category_and_searches(self, client_for, trainer, catalogue):
        build_indicator("documents-held", sign="Someone else holds their passport")
        build_indicator(
            "little-outside-contact",
            sign="Rarely out alone",
            category=SignCategory.ISOLATION,
            explanation="Cutting someone off from other people makes control easier.",
        )
        client = client_for(trainer)
        listing = client.get(url("list")).content.decode()
        assert "Someone else holds their passport" in listing
        assert "Rarely out alone" in listing

        filtered = client.get(url("list"), {"category": "isolation"}).content.decode()
        assert "Rarely out alone" in filtered
        assert "Someone else holds their passport" not in filtered

        found = client.get(url("list"), {"q": "cutting someone off"}).content.decode()
        assert "Rarely out alone" in found
        assert "Someone else holds their passport" not in found

    def test_manager_can_view_but_not_add(self, client_for, manager, catalogue):
        indicator = build_indicator("documents-held")
        client = client_for(manager)
        assert client.get(url("list")).status_code == 200
        inspect = client.get(url("inspect", indicator.pk))
        assert inspect.status_code == 200
        assert "Forced labour, Domestic servitude" in inspect.content.decode()
        client.post(url("add"), indicator_form_data())
        assert not Indicator.objects.filter(key="does-not-know-address").exists()

    @pytest.mark.parametrize("user_fixture", ["volunteer", "caseworker"])
    def test_learners_are_redirected(self, request, client_for, catalogue, user_fixture):
        indicator = build_indicator("documents-held")
        client = client_for(request.getfixturevalue(user_fixture))
        for admin_url in (url("list"), url("add"), url("edit", indicator.pk)):
            response = client.get(admin_url)
            assert response.status_code == 302
            assert "/admin/login/" in response.url
