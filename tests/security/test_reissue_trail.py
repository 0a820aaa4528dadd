"""
Reissuing a certificate with a new name leaves a trail: a reason is required, the audit log keeps
who changed which name to which, and the public check of the new certificate says that it
replaced an earlier one.
"""

import pytest
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate
from tests.certificates.helpers import complete_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(volunteer, general_module):
    return complete_module(volunteer, general_module)


def reissue_url(certificate):
    return f"/admin/certificate-tools/{certificate.pk}/reissue/"


def test_a_reissue_without_a_reason_is_refused(client_for, manager, certificate):
    response = client_for(manager).post(reissue_url(certificate), {"learner_name": "Ana Pérez"})
    assert response.status_code == 200
    assert Certificate.objects.count() == 1
    with pytest.raises(services.CertificateError):
        services.reissue_certificate(
            certificate=certificate, by=manager, learner_name="Ana Pérez", reason="  "
        )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_log_keeps_who_changed_which_name_to_which(client_for, manager, certificate):
    old_name = certificate.learner_name
    response = client_for(manager).post(
        reissue_url(certificate), {"learner_name": "Ana Pérez", "reason": "Accent missing"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    replacement = certificate.replaced_by
    logged = ModelLogEntry.objects.filter(action="protect.reissue_certificate")
    assert {entry.object_id for entry in logged} == {str(certificate.pk), str(replacement.pk)}
    for entry in logged:
        assert entry.user == manager
        assert entry.data["old_name"] == old_name
        assert entry.data["new_name"] == "Ana Pérez"
        assert entry.data["reason"] == "Accent missing"
        assert entry.data["replaced"] == certificate.short_code
        assert entry.data["replacement"] == replacement.short_code


def test_the_public_check_says_the_new_certificate_replaced_an_earlier_one(
    client, client_for, manager, certificate
):
    client_for(manager).post(
        reissue_url(certificate), {"learner_name": "Ana Pérez", "reason": "Accent missing"}
    )
    certificate.refresh_from_db()
    page = client.get(f"/certificates/verify/{certificate.replaced_by.code}/").content.decode()
    assert "genuine and current" in page
    assert "replaced an earlier one" in page
    assert "Accent missing" not in page  # the reason is private
    untouched = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "replaced an earlier one" not in untouched
