"""Certificate PDFs are drawn by the task worker and served from storage; a request never draws
one while the worker is behind, it answers 202 "being prepared" (certificates/documents.py)."""

import io
from unittest import mock

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from certificates import services
from certificates.models import CertificateDocument, CertificateSettings
from elearning.models import TaskFailure
from learners.services import update_own_settings
from tests.certificates.helpers import complete_module
from tests.elearning.test_task_queue import DATABASE_QUEUE, make_retries_due, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_MAX_ATTEMPTS = 2
    settings.TASK_RETRY_DELAY_SECONDS = 30


def pdf_url(certificate):
    return f"/certificates/{certificate.code}/pdf/"


def pdf_text(body):
    return pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text()


def issue_with_a_worker(volunteer, module, capture):
    """Complete the module with the database queue: the drawing waits for the worker."""
    with capture(execute=True):
        return complete_module(volunteer, module)


def test_issuing_queues_the_drawing_and_the_worker_draws_it(
    database_queue, volunteer, general_module, client_for, django_capture_on_commit_callbacks
):
    certificate = issue_with_a_worker(volunteer, general_module, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(
        task_path="certificates.documents.draw_certificate_pdf", status="READY"
    ).exists()
    assert not CertificateDocument.objects.filter(certificate=certificate).exclude(file="").exists()

    # The worker is behind: the request draws nothing and says so.
    with mock.patch("certificates.documents.render_certificate_pdf") as render:
        response = client_for(volunteer).get(pdf_url(certificate))
    render.assert_not_called()
    assert response.status_code == 202
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Your certificate is being prepared" in html
    assert '<meta http-equiv="refresh" content="10">' in html

    run_worker()

    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.language == "en-gb" and document.drawn_at is not None
    stored = default_storage.open(document.file.name).read()
    assert stored.startswith(b"%PDF")
    with mock.patch("certificates.documents.render_certificate_pdf") as render:
        response = client_for(volunteer).get(pdf_url(certificate))
    render.assert_not_called()
    assert response.status_code == 200
    assert response.content == stored
    assert certificate.learner_name in pdf_text(response.content)


def test_reloading_while_it_is_drawn_does_not_queue_it_again(
    database_queue, volunteer, general_module, client_for, django_capture_on_commit_callbacks
):
    certificate = issue_with_a_worker(volunteer, general_module, django_capture_on_commit_callbacks)
    client = client_for(volunteer)
    for _reload in range(3):
        assert client.get(pdf_url(certificate)).status_code == 202
    # The one queued at issue, and one from the first download (the worker may have lost it).
    assert DBTaskResult.objects.filter(task_path__endswith="draw_certificate_pdf").count() == 2


def test_where_tasks_run_at_once_the_pdf_is_stored_when_issued(certificate, client_for, manager):
    document = CertificateDocument.objects.get(certificate=certificate)
    assert default_storage.exists(document.file.name)
    with mock.patch("certificates.documents.render_certificate_pdf") as render:
        response = client_for(manager).get(pdf_url(certificate))
    render.assert_not_called()
    assert response.status_code == 200
    assert response.content == default_storage.open(document.file.name).read()


def test_others_cannot_download_a_stored_pdf(certificate, client_for, staff_member, trainer):
    for user in (staff_member, trainer):
        response = client_for(user).get(pdf_url(certificate))
        assert response.status_code == 404
        assert not response.content.startswith(b"%PDF")


def test_a_revoked_certificate_still_downloads_as_before(
    certificate, client_for, volunteer, manager
):
    services.revoke_certificate(certificate=certificate, by=manager, reason="issued_in_error")
    response = client_for(volunteer).get(pdf_url(certificate))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_reissued_certificate_is_drawn_with_the_corrected_name(
    certificate, client_for, volunteer, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = services.reissue_certificate(
            certificate=certificate, by=manager, learner_name="Ana Corrected", reason="Spelling"
        )
    document = CertificateDocument.objects.get(certificate=new)
    assert "Ana Corrected" in pdf_text(default_storage.open(document.file.name).read())


def test_choosing_another_language_draws_the_certificates_again(
    certificate, volunteer, client_for, django_capture_on_commit_callbacks
):
    english = CertificateDocument.objects.get(certificate=certificate).file.name
    with django_capture_on_commit_callbacks(execute=True):
        update_own_settings(
            user=volunteer,
            display_name="",
            preferred_language="cy",
            refresher_reminders=True,
        )
    document = CertificateDocument.objects.get(certificate=certificate)
    assert document.language == "cy"
    assert document.file.name != english
    assert not default_storage.exists(english)  # the replaced drawing is deleted
    assert client_for(volunteer).get(pdf_url(certificate)).status_code == 200


def test_changing_the_certificate_settings_draws_them_again_when_asked(
    certificate, volunteer, client_for
):
    settings_row = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.signatory_name = "Dr Amara Okafor"
    settings_row.save()
    assert CertificateDocument.objects.get(certificate=certificate).stale
    response = client_for(volunteer).get(pdf_url(certificate))
    assert response.status_code == 200
    assert "Dr Amara Okafor" in pdf_text(response.content)
    assert not CertificateDocument.objects.get(certificate=certificate).stale


def test_erasing_the_learner_deletes_the_stored_pdf(
    certificate, volunteer, manager, django_capture_on_commit_callbacks
):
    name = CertificateDocument.objects.get(certificate=certificate).file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_learner_certificates(user=volunteer, erased_by=manager)
    assert not CertificateDocument.objects.filter(certificate=certificate).exists()
    assert not default_storage.exists(name)


def test_a_failing_drawing_is_retried_then_waits_on_the_failed_tasks_page(
    database_queue,
    volunteer,
    general_module,
    client_for,
    manager,
    django_capture_on_commit_callbacks,
):
    certificate = issue_with_a_worker(volunteer, general_module, django_capture_on_commit_callbacks)
    with mock.patch(
        "certificates.documents.render_certificate_pdf", side_effect=OSError("font missing")
    ):
        run_worker()
        assert TaskFailure.objects.get().status == TaskFailure.Status.RETRYING
        make_retries_due()
        run_worker()
    failure = TaskFailure.objects.waiting().get()
    assert failure.task_path == "certificates.documents.draw_certificate_pdf"
    assert (
        "draw_certificate_pdf" in client_for(manager).get("/admin/failed-tasks/").content.decode()
    )
    assert client_for(volunteer).get(pdf_url(certificate)).status_code == 202


def test_a_stored_pdf_has_a_drawing_date(certificate):
    with pytest.raises(IntegrityError):
        CertificateDocument.objects.filter(certificate=certificate).update(drawn_at=None)


def test_a_missing_file_is_drawn_again(certificate, client_for, volunteer):
    lost = CertificateDocument.objects.get(certificate=certificate).file.name
    default_storage.delete(lost)
    response = client_for(volunteer).get(pdf_url(certificate))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert CertificateDocument.objects.get(certificate=certificate).file.name != lost
