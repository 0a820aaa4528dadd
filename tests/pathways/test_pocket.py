"""The referral pathway in the pocket: folded steps with tap-to-call numbers, a one-page print
per pathway and a wallet card PDF (issue 21)."""

import io

import pytest
from pypdf import PdfReader

from pathways.models import HelpContact
from pathways.phone_links import link_phone_numbers, link_phone_numbers_in_html
from tests.content.pathway_builders import build_pathway, publish_edit, step

CARD_POINTS = (85.6 / 25.4 * 72, 54.0 / 25.4 * 72)


def test_numbers_in_text_become_tap_to_call_links():
    html = link_phone_numbers("Call 999 now; the Helpline is 08000 121 700; police 101.")
    assert '<a class="tel" href="tel:999">999</a>' in html
    assert '<a class="tel" href="tel:08000121700">08000 121 700</a>' in html
    assert '<a class="tel" href="tel:101">101</a>' in html


def test_years_page_numbers_and_longer_digit_runs_are_not_numbers():
    text = "From 2015 to 2019, page 1010, case 99912."
    assert "tel:" not in link_phone_numbers(text)


def test_text_is_escaped_and_links_and_attributes_are_left_alone():
    assert link_phone_numbers("<b>999</b>").startswith("&lt;b&gt;")
    html = '<p title="0800 000 0000"><a href="tel:999">call 999</a> or 0800 000 0000</p>'
    linked = link_phone_numbers_in_html(html)
    assert 'title="0800 000 0000"' in linked
    assert '<a href="tel:999">call 999</a>' in linked
    assert linked.count("tel:08000000000") == 1


@pytest.fixture
def adults(catalogue):
    pathway = build_pathway("adults", steps=3, urgent=(2,))
    return pathway


@pytest.mark.django_db
def test_the_quick_reference_folds_steps_and_links_each_number(client_for, volunteer, catalogue):
    build_pathway("adults", steps=2)
    pathway = build_pathway("children", steps=1)
    publish_edit(
        pathway,
        edit_steps=lambda steps: steps
        + [step(9, key="helpline", title="Ask the Helpline", contact="Helpline 08000 121 700")],
    )
    html = client_for(volunteer).get("/referral-pathway/").content.decode()
    assert html.count('<details class="pathway-step__fold">') == 4
    assert 'href="tel:999"' in html
    assert '<a class="tel" href="tel:08000121700">08000 121 700</a>' in html
    assert 'href="/referral-pathway/adults/print/"' in html
    assert 'href="/referral-pathway/children/wallet-card.pdf"' in html


@pytest.mark.django_db
def test_the_print_page_has_every_step_open(client_for, volunteer, adults):
    response = client_for(volunteer).get("/referral-pathway/adults/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<details" not in html
    for number in (1, 2, 3):
        assert f"Do thing {number}." in html
    assert "Urgent: Step 2" in html


@pytest.mark.django_db
def test_an_unknown_or_unpublished_pathway_is_not_found(client_for, volunteer, catalogue):
    build_pathway("draft-one", publish=False)
    client = client_for(volunteer)
    for url in (
        "/referral-pathway/nothing-here/print/",
        "/referral-pathway/draft-one/print/",
        "/referral-pathway/draft-one/wallet-card.pdf",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_the_pocket_pages_need_a_sign_in(client, adults):
    for url in ("/referral-pathway/adults/print/", "/referral-pathway/adults/wallet-card.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_wallet_card_is_a_two_sided_card_with_the_steps_and_numbers(
    client_for, volunteer, adults
):
    HelpContact.objects.create(
        name="Modern Slavery & Exploitation Helpline",
        purpose="Advice, any time",
        phone="08000 121 700",
    )
    response = client_for(volunteer).get("/referral-pathway/adults/wallet-card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="wallet-card-adults.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == tuple(round(p) for p in CARD_POINTS)
    front = reader.pages[0].extract_text()
    back = reader.pages[1].extract_text()
    assert "Immediate danger: call 999" in front
    for title in ("1. Step 1", "2. Urgent: Step 2", "3. Step 3"):
        assert title in front
    assert "08000 121 700" in back
    assert "Who to contact" in back


@pytest.mark.django_db
def test_a_long_pathway_still_fits_the_card(client_for, volunteer, catalogue):
    build_pathway("long", steps=14)
    response = client_for(volunteer).get("/referral-pathway/long/wallet-card.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    front = reader.pages[0].extract_text()
    assert "14. Step 14" in front or "More steps: see the referral pathway" in front
