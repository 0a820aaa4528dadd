"""Training managers in the admin: listing, filters, export, revoke, reissue, preview."""

import csv
import io

import pytest
from django.core import mail

from certificates.models import Certificate, RevocationReason

pytestmark = pytest.mark.django_db

INDEX = "/admin/certificates/"


def test_managers_see_and_filter_certificates(certificate, client_for, manager):
    client = client_for(manager)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert certificate.short_code in response.content.decode()
    assert certificate.short_code in client.get(INDEX, {"status": "valid"}).content.decode()
    assert certificate.short_code not in client.get(INDEX, {"status": "revoked"}).content.decode()
    assert (
        certificate.short_code
        in client.get(INDEX, {"module": certificate.module_id}).content.decode()
    )


def test_the_export_is_a_spreadsheet_of_the_filtered_rows(certificate, client_for, manager):
    response = client_for(manager).get(INDEX, {"export": "csv"}, follow=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1
    assert rows[0]["Short code"] == certificate.short_code
    assert rows[0]["Status"] == "Valid"


def test_nobody_adds_edits_or_deletes_certificates(certificate, client_for, superuser):
    client = client_for(superuser)
    assert client.get(f"{INDEX}new/").status_code == 404
    assert client.get(f"{INDEX}edit/{certificate.pk}/").status_code == 404
    assert client.get(f"{INDEX}delete/{certificate.pk}/").status_code == 404
    assert client.get(f"{INDEX}inspect/{certificate.pk}/").status_code == 200


def test_revoking_keeps_who_when_and_why(certificate, client_for, manager):
    url = f"/admin/certificate-tools/{certificate.pk}/revoke/"
    response = client_for(manager).post(url, {"reason": "conduct", "note": "Private detail"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == manager and certificate.revoked_at
    assert certificate.revocation_reason == RevocationReason.CONDUCT
    assert certificate.revocation_note == "Private detail"
    # A second revoke changes nothing and says so.
    response = client_for(manager).post(url, {"reason": "other"}, follow=True)
    assert "already been revoked" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == RevocationReason.CONDUCT
    assert Certificate.objects.count() == 1


def test_revoking_needs_a_valid_reason(certificate, client_for, manager):
    url = f"/admin/certificate-tools/{certificate.pk}/revoke/"
    response = client_for(manager).post(url, {"reason": "erased"})
    assert response.status_code == 200  # the form again, with an error
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_reissue_after_a_name_correction(
    certificate, client_for, manager, django_capture_on_commit_callbacks
):
    certificate.user.email = "v@example.org"
    certificate.user.save()
    url = f"/admin/certificate-tools/{certificate.pk}/reissue/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            url, {"learner_name": "Anna Kowalska", "reason": "Misspelt surname"}
        )
    assert response.status_code == 302
    certificate.refresh_from_db()
    new = certificate.replaced_by
    assert new.learner_name == "Anna Kowalska"
    assert new.code != certificate.code and new.short_code != certificate.short_code
    assert (new.issued_at, new.expires_on, new.cycle) == (
        certificate.issued_at,
        certificate.expires_on,
        certificate.cycle,
    )
    assert certificate.status().value == "replaced"
    assert mail.outbox[-1].to == ["v@example.org"] and new.short_code in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["trainer", "volunteer"])
def test_others_cannot_revoke_reissue_or_list(certificate, client_for, who, request):
    client = client_for(request.getfixturevalue(who))
    for url in (
        f"/admin/certificate-tools/{certificate.pk}/revoke/",
        f"/admin/certificate-tools/{certificate.pk}/reissue/",
    ):
        response = client.post(url, {"reason": "other", "learner_name": "X"})
        assert response.status_code in (302, 403)
    assert client.get(INDEX).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_trainers_preview_the_certificate_settings(client_for, trainer, catalogue):
    response = client_for(trainer).get("/admin/certificate-tools/preview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_preview_uses_the_logo_and_signature(client_for, trainer, catalogue):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Site

    from certificates.models import CertificateSettings

    logo = Image.objects.create(title="Logo", file=get_test_image_file(colour="blue"))
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = logo
    settings.signature = logo
    settings.signatory_name = "Jo Bloggs"
    settings.save()
    response = client_for(trainer).get("/admin/certificate-tools/preview/")
    assert b"/Subtype /Image" in response.content


def test_the_pathway_refreshers_page(client_for, manager):
    assert (
        client_for(manager).get("/admin/certificate-tools/pathway-refreshers/").status_code == 200
    )
