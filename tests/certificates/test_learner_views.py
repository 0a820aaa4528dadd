"""The learner's certificate list and PDF downloads (holder and training managers only)."""

import pytest
from django.core.cache import cache

from certificates import services

pytestmark = pytest.mark.django_db


def test_the_list_shows_own_certificates_current_and_past(
    certificate, client_for, volunteer, manager
):
    new = services.reissue_certificate(
        certificate=certificate, by=manager, learner_name="Ana", reason="Spelling"
    )
    html = client_for(volunteer).get("/certificates/").content.decode()
    assert new.short_code in html and certificate.short_code in html
    assert (
        html.index(new.short_code)
        < html.index("Earlier certificates")
        < html.index(certificate.short_code)
    )


def test_other_learners_do_not_see_it_in_their_list(certificate, client_for, staff_member):
    html = client_for(staff_member).get("/certificates/").content.decode()
    assert certificate.short_code not in html
    assert "no current certificate" in html


def test_the_holder_downloads_the_pdf(certificate, client_for, volunteer):
    response = client_for(volunteer).get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.short_code in response["Content-Disposition"]


def test_a_training_manager_downloads_any_certificate(certificate, client_for, manager):
    assert client_for(manager).get(f"/certificates/{certificate.code}/pdf/").status_code == 200


@pytest.mark.parametrize("who", ["staff_member", "caseworker", "trainer"])
def test_anyone_else_gets_404(certificate, client_for, who, request):
    user = request.getfixturevalue(who)
    assert client_for(user).get(f"/certificates/{certificate.code}/pdf/").status_code == 404


def test_unknown_codes_and_short_codes_get_404(certificate, client_for, volunteer):
    client = client_for(volunteer)
    assert client.get(f"/certificates/{'a' * 26}/pdf/").status_code == 404
    assert client.get(f"/certificates/{certificate.short_code}/pdf/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(certificate, client):
    cache.clear()
    response = client.get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get("/certificates/").status_code == 302
