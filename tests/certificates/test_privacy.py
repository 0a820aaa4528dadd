"""Certificates in the learner's data export, their erasure, and the admin's learner record."""

import pytest

from certificates.models import Certificate, RevocationReason
from learners import services as learner_services
from learners.models import LearnerProfile
from tests.certificates.helpers import complete_module

pytestmark = pytest.mark.django_db


def test_the_profile_display_name_goes_on_the_certificate(volunteer, general_module):
    profile = LearnerProfile.objects.get(user=volunteer)
    profile.display_name = "Amina Rahman"
    profile.save()
    volunteer.refresh_from_db()
    assert complete_module(volunteer, general_module).learner_name == "Amina Rahman"


def test_the_export_holds_certificates_and_reminders(certificate):
    data = learner_services.export_learner_data(certificate.user)
    [exported] = data["certificates"]
    assert exported["code"] == certificate.code
    assert exported["learner_name"] == certificate.learner_name
    assert data["refresher_reminders"] == []


def test_erasure_revokes_and_removes_the_name(certificate, manager, client):
    name = certificate.learner_name
    learner_services.erase_learner(user=certificate.user, erased_by=manager)
    certificate.refresh_from_db()
    assert certificate.revocation_reason == RevocationReason.ERASED
    assert certificate.learner_name == "Erased learner"
    html = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "revoked" in html and name not in html
    assert Certificate.objects.count() == 1  # revoked, never deleted


def test_the_learner_record_lists_certificates(certificate, client_for, manager):
    profile = LearnerProfile.objects.get(user=certificate.user)
    response = client_for(manager).get(f"/admin/learners/inspect/{profile.pk}/")
    assert response.status_code == 200
    assert certificate.short_code in response.content.decode()
