"""The wallet card is drawn once per published version and kept in storage
(pathways/wallet_card.py)."""

from unittest import mock

import pytest
from pypdf import PdfReader

from pathways.models import HelpContact
from tests.content.pathway_builders import publish_edit
from tests.pathways.test_pocket import adults  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/referral-pathway/adults/wallet-card.pdf"


def card_text(response):
    from io import BytesIO

    return " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def test_the_second_download_is_served_from_storage(client_for, volunteer, adults):  # noqa: F811
    client = client_for(volunteer)
    first = client.get(URL)
    assert first.status_code == 200
    with mock.patch("pathways.wallet_card.render_wallet_card") as render:
        second = client.get(URL)
    render.assert_not_called()
    assert second.content == first.content


def test_a_new_version_or_contact_draws_a_new_card(client_for, volunteer, adults):  # noqa: F811
    client = client_for(volunteer)
    client.get(URL)
    publish_edit(adults, title="Adults: what to do")
    assert "Adults: what to do" in card_text(client.get(URL))
    HelpContact.objects.create(name="Local council", purpose="Safeguarding", phone="0300 123 4567")
    assert "0300 123 4567" in card_text(client.get(URL))
