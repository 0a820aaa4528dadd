"""``/referral-pathway/``: the learner's quick reference, for signed-in people only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from tests.content.pathway_builders import build_pathway, publish_edit

URL = "/referral-pathway/"

#: A fixed ceiling; what matters most is that 3 and 30 steps cost the same.
QUERY_BUDGET = 10


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_contract_url():
    assert reverse("referral_pathway") == URL


@pytest.mark.django_db
class TestAccess:
    def test_anonymous_visitor_is_sent_to_sign_in(self, client, catalogue):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "next=/referral-pathway/" in response.url

    @pytest.mark.parametrize("user_fixture", ["volunteer", "caseworker", "trainer", "manager"])
    def test_every_signed_in_person_can_read_it(self, request, client_for, catalogue, user_fixture):
        build_pathway("adults")
        response = client_for(request.getfixturevalue(user_fixture)).get(URL)
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"]

    def test_main_navigation_links_to_it(self, client_for, volunteer, catalogue):
        response = client_for(volunteer).get("/my-training/")
        assert f'href="{URL}"' in response.content.decode()
        page = client_for(volunteer).get(URL).content.decode()
        assert f'href="{URL}" aria-current="page"' in page


@pytest.mark.django_db
class TestContent:
    def test_live_pathways_adults_first_with_steps_in_order(self, client_for, volunteer, catalogue):
        build_pathway("children", title="Worried about a child", sort_order=10, steps=2)
        build_pathway("adults", title="Worried about an adult", sort_order=0, steps=3)
        page = client_for(volunteer).get(URL).content.decode()
        adults_at, children_at = (
            page.index('id="pathway-adults"'),
            page.index('id="pathway-children"'),
        )
        assert adults_at < children_at
        adults = page[adults_at:children_at]
        assert "Worried about an adult" in adults
        assert adults.index("Step 1") < adults.index("Step 2") < adults.index("Step 3")
        assert "Step 3" not in page[children_at:]

    def test_each_step_shows_do_dont_who_and_contact(self, client_for, volunteer, catalogue):
        pathway = build_pathway("adults", steps=1)

        def with_contact(steps):
            steps[0].contact = "Modern Slavery & Exploitation Helpline 08000 121 700"
            return steps

        publish_edit(pathway, edit_steps=with_contact)
        text = text_of(client_for(volunteer).get(URL))
        for words in (
            "Do Do thing 1.",
            "Don't Do not do thing 1.",
            "Who: Anyone who is worried",
            "Contact: Modern Slavery &amp; Exploitation Helpline 08000 121 700",
        ):
            assert words.replace(": ", " ") in text, words

    def test_urgent_steps_are_marked_in_words(self, client_for, volunteer, catalogue):
        build_pathway("adults", steps=3, urgent=[2])
        page = client_for(volunteer).get(URL).content.decode()
        assert page.count("Urgent:") == 1
        urgent_item = page[page.index('id="step-adults-step-2"') :]
        assert urgent_item.index("Urgent:") < urgent_item.index("Step 2")
        assert "pathway-step--urgent" in page

    def test_drafts_and_unpublished_changes_are_not_shown(self, client_for, volunteer, catalogue):
        build_pathway("children", title="A draft pathway", publish=False)
        adults = build_pathway("adults", title="The published title")
        draft = adults.get_latest_revision_as_object()
        draft.title = "An unpublished title"
        draft.save_revision()
        text = text_of(client_for(volunteer).get(URL))
        assert "The published title" in text
        assert "A draft pathway" not in text
        assert "An unpublished title" not in text

    def test_page_without_pathways_still_says_what_to_do(self, client_for, volunteer, catalogue):
        text = text_of(client_for(volunteer).get(URL))
        assert "call 999" in text
        assert "has not been published yet" in text

    def test_untranslated_pathway_falls_back_to_the_default_language(
        self, settings, client_for, volunteer, catalogue
    ):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
            ("en-gb", "English"),
            ("fr", "French"),
        ]
        french = Locale.objects.create(language_code="fr")
        adults = build_pathway("adults", title="Adults in English")
        build_pathway("children", title="Children in English", sort_order=10)
        translation = adults.copy_for_translation(french)
        translation.title = "Adultes en français"
        translation.live = False
        translation.save()
        translation.save_revision().publish()

        from pathways.models import ReferralPathway

        titles = [p.title for p in ReferralPathway.objects.for_quick_reference("fr")]
        assert titles == ["Adultes en français", "Children in English"]
        titles = [p.title for p in ReferralPathway.objects.for_quick_reference("en-gb")]
        assert titles == ["Adults in English", "Children in English"]

    def test_page_has_print_styles(self):
        from pathlib import Path

        from django.conf import settings

        css = (Path(settings.BASE_DIR) / "elearning/static/css/site.css").read_text()
        assert "@page { size: A4" in css
        assert ".pathway-step { break-inside: avoid" in css


def count_queries(client):
    client.get(URL)  # warm caches that outlive a request (site root, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_queries_do_not_grow_with_steps(client_for, volunteer, catalogue):
    client = client_for(volunteer)
    build_pathway("adults", steps=3, urgent=[1])
    build_pathway("children", steps=3, sort_order=10)
    small = count_queries(client)

    from pathways.models import ReferralPathway

    ReferralPathway.objects.all().delete()
    build_pathway("adults", steps=30, urgent=[1, 2])
    build_pathway("children", steps=30, sort_order=10)
    large = count_queries(client)

    assert small == large, f"{small} queries with 3 steps, {large} with 30"
    assert large <= QUERY_BUDGET, f"{large} queries, budget {QUERY_BUDGET}"
