"""
The audit log a data-protection officer reads: exports of learner data, erasures, revocations,
reissues, role and access-arrangement changes, each with who and when, in Wagtail's log of
actions; shown in the admin and kept (without names) when the learner is erased.
"""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from learners.models import LearnerProfile
from learners.roles import Role
from tests.certificates.helpers import complete_module

pytestmark = pytest.mark.django_db


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).select_related("user"))


def learner_url(name, user):
    profile = LearnerProfile.objects.get(user=user)
    return reverse(f"learners:{name}", args=[profile.pk])


@pytest.fixture
def named_volunteer(volunteer):
    volunteer.first_name, volunteer.last_name = "Valentina", "Quispe-Audit"
    volunteer.save()
    return volunteer


def test_exporting_a_learners_data_is_logged(client_for, manager, named_volunteer):
    response = client_for(manager).get(learner_url("export", named_volunteer))
    assert response.status_code == 200
    [entry] = entries("protect.export_learner")
    assert entry.user == manager
    assert entry.object_id == str(LearnerProfile.objects.get(user=named_volunteer).pk)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exporting_a_report_or_the_certificates_is_logged(
    client_for, manager, general_module, export_format
):
    client = client_for(manager)
    for url in (reverse("training_reports:compliance"), reverse("certificates:index")):
        response = client.get(url, {"export": export_format, "region": "Wales"}, follow=True)
        assert response.status_code == 200
    logged = entries("protect.export_records")
    assert [(e.user, e.data["format"]) for e in logged] == [(manager, export_format)] * 2
    assert {e.data["export"] for e in logged} == {"compliance", "certificates"}
    assert logged[0].data["filters"] == {"region": ["Wales"]}


def test_revoking_is_logged_with_the_reason(client_for, manager, volunteer, general_module):
    certificate = complete_module(volunteer, general_module)
    url = f"/admin/certificate-tools/{certificate.pk}/revoke/"
    client_for(manager).post(url, {"reason": "conduct", "note": "Private"})
    [entry] = entries("protect.revoke_certificate")
    assert (entry.user, entry.data["reason"], entry.object_id) == (
        manager,
        "conduct",
        str(certificate.pk),
    )


def test_role_changes_are_logged_from_and_to(client_for, manager, volunteer):
    response = client_for(manager).post(
        learner_url("edit", volunteer),
        {
            "display_name": "",
            "region": "",
            "team": "",
            "role": Role.CASEWORKER.value,
            "preferred_language": "en-gb",
        },
    )
    assert response.status_code == 302
    [entry] = entries("protect.change_role")
    assert entry.user == manager
    assert entry.data == {"from": Role.VOLUNTEER.value, "to": Role.CASEWORKER.value}


def test_access_arrangements_are_logged(client_for, manager, volunteer):
    response = client_for(manager).post(
        "/admin/question-bank/extra-time/new/",
        {"user": str(volunteer.pk), "quiz": "", "extra_minutes": "20", "reason": "Dyslexia"},
    )
    assert response.status_code == 302
    [entry] = [e for e in entries("wagtail.create") if e.content_type.model == "timeallowance"]
    assert entry.user == manager
    assert "Dyslexia" not in entry.label  # the reason stays on the arrangement itself


def test_erasure_is_logged_and_keeps_earlier_entries_without_names(
    client_for, manager, superuser, named_volunteer, general_module
):
    certificate = complete_module(named_volunteer, general_module)
    client = client_for(manager)
    client.get(learner_url("export", named_volunteer))
    client.post(
        f"/admin/certificate-tools/{certificate.pk}/reissue/",
        {"learner_name": "Valentina Quispe-Audit", "reason": "Full surname"},
    )
    response = client.post(learner_url("erase", named_volunteer), {"confirmation": "volunteer"})
    assert response.status_code == 302
    [erased] = entries("protect.erase_learner")
    assert erased.user == manager
    kept = ModelLogEntry.objects.filter(
        action__in=["protect.export_learner", "protect.reissue_certificate"]
    )
    assert kept.count() == 3  # the export, and the reissue on both certificates
    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        assert "Quispe" not in text and "Valentina" not in text, text
    # Shown in the admin's site history, to the administrator and to the manager.
    for user in (superuser, manager):
        page = client_for(user).get("/admin/reports/site-history/").content.decode()
        assert "Erase a learner&#x27;s personal data" in page
        assert "Reissue a certificate" in page
