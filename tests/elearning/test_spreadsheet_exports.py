"""Exports are built by the task worker, never in the request; only the manager who asked
downloads the file, which is deleted after EXPORT_RETENTION_DAYS (elearning/exports.py)."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from elearning.models import SpreadsheetExport, TaskFailure
from elearning.services import build_export
from learners.roles import Role
from tests.elearning.test_task_queue import DATABASE_QUEUE, make_retries_due, run_worker
from tests.factories import UserFactory

COMPLIANCE = reverse("training_reports:compliance")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_MAX_ATTEMPTS = 2
    settings.TASK_RETRY_DELAY_SECONDS = 30


@pytest.fixture
def named_learner(db):
    return UserFactory(username="ngozi", first_name="Ngozi", roles=[Role.VOLUNTEER])


def status_url(export):
    return reverse("spreadsheet_export_status", args=[export.uuid])


def download_url(export):
    return reverse("spreadsheet_export_download", args=[export.uuid])


def ask_for_export(client, params=None):
    """Click "Download CSV" on the compliance report; return the response and the export."""
    response = client.get(COMPLIANCE, {"export": "csv", **(params or {})})
    return response, SpreadsheetExport.objects.latest("created_at")


def csv_text(response):
    return b"".join(response.streaming_content).decode()


def test_the_request_only_queues_the_export_and_the_worker_builds_it(
    database_queue, general_module, named_learner, client_for, manager
):
    client = client_for(manager)
    response, export = ask_for_export(client, {"region": "London"})

    assert response.status_code == 302
    assert response["Location"] == status_url(export)
    assert (export.status, export.file.name, export.size) == ("queued", "", None)
    assert export.requested_by == manager
    assert export.filters == {"region": ["London"]}
    assert export.permission == "reports.view_learner_reports"
    assert not default_storage.exists(f"exports/{export.uuid}.csv")

    page = client.get(status_url(export))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Being prepared" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    # Before the file exists, the download address leads back to the status page.
    assert client.get(download_url(export))["Location"] == status_url(export)

    run_worker()

    export.refresh_from_db()
    assert export.status == SpreadsheetExport.Status.READY
    assert export.finished_at is not None
    assert default_storage.exists(export.file.name)
    assert export.size == default_storage.size(export.file.name)
    html = client.get(status_url(export)).content.decode()
    assert "Ready to download" in html
    assert download_url(export) in html
    assert "http-equiv" not in html

    download = client.get(download_url(export))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="compliance-')
    assert "no-store" in download["Cache-Control"]
    rows = list(csv.reader(io.StringIO(csv_text(download))))
    assert rows[0][:2] == ["Learner", "Username"]


def test_where_tasks_run_at_once_the_export_leads_straight_to_its_file(
    general_module, named_learner, client_for, manager
):
    response, export = ask_for_export(client_for(manager))
    assert response.status_code == 302
    assert response["Location"] == download_url(export)
    assert export.status == SpreadsheetExport.Status.READY
    assert "ngozi" in csv_text(client_for(manager).get(response["Location"]))


def test_only_the_manager_who_asked_can_open_the_export(
    general_module, named_learner, client_for, manager, trainer, volunteer, client
):
    _response, export = ask_for_export(client_for(manager))
    other_manager = UserFactory(roles=[Role.STAFF, Role.TRAINING_MANAGER])
    for user in (other_manager, trainer):
        for url in (status_url(export), download_url(export)):
            assert client_for(user).get(url).status_code == 404, (user, url)
    for url in (status_url(export), download_url(export)):
        refused = client_for(volunteer).get(url)
        assert refused.status_code == 302
        assert export.file.name not in refused.get("Location", "")
        assert "/login/" in client.get(url)["Location"]


def test_a_manager_who_lost_the_report_permission_cannot_download(
    general_module, client_for, manager
):
    _response, export = ask_for_export(client_for(manager))
    # Still in the admin, no longer a training manager.
    manager.groups.clear()
    manager.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(manager).get(download_url(export)).status_code == 404
    assert client_for(manager).get(status_url(export)).status_code == 404


def test_the_worker_builds_nothing_for_a_manager_who_lost_the_permission(
    database_queue, general_module, client_for, manager
):
    _response, export = ask_for_export(client_for(manager))
    manager.groups.clear()
    run_worker()
    export.refresh_from_db()
    assert export.status == SpreadsheetExport.Status.FAILED
    assert export.file.name == ""
    assert export.error.startswith("Refused")
    assert TaskFailure.objects.count() == 0  # nothing to retry


def test_a_failing_build_is_retried_then_waits_on_the_failed_tasks_page(
    database_queue, general_module, client_for, manager, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    _response, export = ask_for_export(client)
    with mock.patch("elearning.exports.write_export", side_effect=OSError("disk full")):
        run_worker()
        export.refresh_from_db()
        assert (export.status, export.failures) == ("queued", 1)
        assert TaskFailure.objects.get().status == TaskFailure.Status.RETRYING
        make_retries_due()
        run_worker()

    export.refresh_from_db()
    assert (export.status, export.failures, export.error) == ("failed", 2, "OSError: disk full")
    assert "could not be prepared" in client.get(status_url(export)).content.decode()
    failure = TaskFailure.objects.waiting().get()
    assert failure.task_path == "elearning.export_tasks.build_spreadsheet_export"
    assert "build_spreadsheet_export" in client.get("/admin/failed-tasks/").content.decode()

    # Retried by hand once the disk has room: the file is built after all.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/failed-tasks/{failure.uuid}/retry/")
    run_worker()
    export.refresh_from_db()
    assert export.status == SpreadsheetExport.Status.READY
    assert client.get(download_url(export)).status_code == 200


def test_building_twice_keeps_the_first_file(general_module, client_for, manager):
    _response, export = ask_for_export(client_for(manager))
    name = export.file.name
    assert build_export(export.pk).file.name == name
    assert SpreadsheetExport.objects.count() == 1


def test_expired_exports_are_deleted_with_their_files(general_module, client_for, manager):
    client = client_for(manager)
    _response, old = ask_for_export(client)
    _response, fresh = ask_for_export(client, {"region": "Wales"})
    SpreadsheetExport.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    out = io.StringIO()
    call_command("purge_expired_exports", stdout=out)

    assert "1 expired export deleted" in out.getvalue()
    assert not SpreadsheetExport.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(fresh.file.name)
    assert client.get(download_url(old)).status_code == 404


def test_exports_expire_after_the_retention_setting(settings, general_module, client_for, manager):
    settings.EXPORT_RETENTION_DAYS = 3
    _response, export = ask_for_export(client_for(manager))
    assert export.expires_at - export.created_at == datetime.timedelta(days=3)


def test_a_ready_export_must_have_a_file(manager):
    with pytest.raises(IntegrityError):
        SpreadsheetExport.objects.create(
            requested_by=manager,
            title="Compliance",
            path=COMPLIANCE,
            export_format="csv",
            filename="compliance.csv",
            status=SpreadsheetExport.Status.READY,
            finished_at=timezone.now(),
            expires_at=timezone.now(),
        )


def test_the_certificates_export_needs_the_certificates_permission(client_for, manager):
    response = client_for(manager).get(reverse("certificates:index"), {"export": "csv"})
    export = SpreadsheetExport.objects.get()
    assert response["Location"] == download_url(export)
    assert export.permission == "certificates.view_certificate"
    assert export.filename.endswith(".csv")


def test_erasing_a_learner_deletes_the_spreadsheets_that_may_name_them(
    general_module, named_learner, client_for, manager, django_capture_on_commit_callbacks
):
    from learners.services import erase_learner

    client = client_for(manager)
    _response, export = ask_for_export(client)
    assert "Ngozi" in csv_text(client.get(download_url(export)))
    name = SpreadsheetExport.objects.get(pk=export.pk).file.name
    assert name and default_storage.exists(name)

    # The files go once the erasure commits.
    with django_capture_on_commit_callbacks(execute=True):
        erase_learner(user=named_learner, erased_by=manager)

    assert not SpreadsheetExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)
    assert client.get(download_url(export)).status_code == 404
    # A new export, made after the erasure, no longer names them.
    _response, again = ask_for_export(client)
    assert "Ngozi" not in csv_text(client.get(download_url(again)))
