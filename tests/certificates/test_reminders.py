"""Refresher reminders: 30 and 7 days before expiry and on it, each once, to active accounts."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from certificates import services
from certificates.models import Certificate, RefresherReminder, ReminderKind
from modules.models import Enrolment
from modules.services import start_refresher
from pathways.models import PathwayChange
from tests.certificates.helpers import complete_module
from tests.content.pathway_builders import build_pathway, publish_edit
from tests.factories import build_module
from tests.quizzes.helpers import complete_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(certificate, django_capture_on_commit_callbacks):
    user = certificate.user
    user.email = "learner@example.org"
    user.save()
    mail.outbox.clear()

    def run(days_before):
        day = certificate.expires_on - datetime.timedelta(days=days_before)
        with time_machine.travel(day), django_capture_on_commit_callbacks(execute=True):
            call_command("send_refresher_reminders", stdout=io.StringIO())
        return [m.subject for m in mail.outbox]

    return run


def test_nothing_before_30_days(reminded):
    assert reminded(31) == []


def test_each_reminder_once_on_its_day(reminded, certificate):
    assert len(reminded(30)) == 1
    assert len(reminded(30)) == 1  # the same day again: nothing new
    assert len(reminded(20)) == 1  # between reminders: nothing
    assert len(reminded(7)) == 2
    assert len(reminded(0)) == 3
    assert len(reminded(-10)) == 3
    kinds = set(RefresherReminder.objects.values_list("kind", flat=True))
    assert kinds == {ReminderKind.DAYS_30, ReminderKind.DAYS_7, ReminderKind.EXPIRED}
    assert "expired" in mail.outbox[-1].subject
    assert certificate.module_title in mail.outbox[0].body


def test_a_missed_day_catches_up_with_the_latest_reminder_only(reminded):
    subjects = reminded(3)
    assert len(subjects) == 1
    assert RefresherReminder.objects.get().kind == ReminderKind.DAYS_7


def test_inactive_accounts_get_nothing(reminded, certificate):
    certificate.user.is_active = False
    certificate.user.save()
    assert reminded(0) == []
    assert not RefresherReminder.objects.exists()


def test_no_reminder_once_the_refresher_has_started(reminded, certificate):
    Enrolment.objects.create(
        user=certificate.user, module=certificate.module, module_title="x", cycle=2
    )
    assert reminded(7) == []


def test_revoked_certificates_get_no_reminder(reminded, certificate, manager):
    services.revoke_certificate(certificate=certificate, by=manager, reason="issued_in_error")
    assert reminded(0) == []


def test_dry_run_sends_nothing(certificate, capsys):
    with time_machine.travel(certificate.expires_on):
        call_command("send_refresher_reminders", "--dry-run")
    assert "1 reminder(s) due" in capsys.readouterr().out
    assert not RefresherReminder.objects.exists()


def test_a_significant_pathway_change_asks_earlier_learners_once(
    volunteer, general_module, trainer, client_for, django_capture_on_commit_callbacks
):
    pathway = build_pathway()
    volunteer.email = "v@example.org"
    volunteer.save()
    certificate = complete_module(volunteer, general_module)
    publish_edit(pathway, title="A clearer title")
    change = PathwayChange.objects.filter(pathway=pathway).order_by("-version").first()
    change.significant = True
    change.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.request_pathway_refresher(
            pathway_change=change, reason="The lead's phone number changed."
        )
    assert count == 1
    assert "phone number changed" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_pathway_refresher(pathway_change=change, reason="again") == 0
    assert len(mail.outbox) == 1
    html = client_for(volunteer).get(general_module.url).content.decode()
    assert "Refresher due" in html and "phone number changed" in html
    certificate.refresh_from_db()
    assert certificate.status().counts  # still valid: a refresher is asked, not forced


def test_only_significant_changes_can_ask(volunteer, general_module):
    pathway = build_pathway()
    publish_edit(pathway, title="Another title")
    change = PathwayChange.objects.filter(pathway=pathway).order_by("-version").first()
    with pytest.raises(services.CertificateError):
        services.request_pathway_refresher(pathway_change=change, reason="x")


def test_learners_who_refreshed_on_the_new_version_are_not_asked(volunteer, catalogue):
    pathway = build_pathway()
    module = build_module(catalogue, slug="refreshed", lessons=1)
    first = complete_module(volunteer, module)
    publish_edit(pathway, title="A clearer title")
    change = PathwayChange.objects.filter(pathway=pathway).order_by("-version").first()
    # The learner refreshes after the change: cycle 2 is trained on the new version, while the
    # cycle-1 certificate is still current.
    enrolment = first.enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(refresher_requested_at=enrolment.completed_at)
    start_refresher(user=volunteer, module=module)
    complete_lessons(volunteer, module)
    assert Certificate.objects.current().filter(user=volunteer, module=module).count() == 2
    assert services.certificates_trained_on_earlier_version(change) == []


def test_learners_who_turned_reminders_off_get_none(reminded, certificate, client_for):
    """The choice on /my-account/ is what the daily job reads."""
    response = client_for(certificate.user).post(
        "/my-account/", {"display_name": "", "preferred_language": "en-gb"}
    )
    assert response.status_code == 302
    assert reminded(0) == []
    assert not RefresherReminder.objects.exists()
    certificate.user.learner_profile.refresher_reminders = True
    certificate.user.learner_profile.save()
    assert len(reminded(0)) == 1
