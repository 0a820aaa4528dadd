"""Issuing: once per learner, module and cycle, with everything it says frozen."""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, transaction

from certificates import services
from certificates.models import Certificate
from certificates.models.certificates import normalise_code
from modules.models import Enrolment
from tests.certificates.helpers import complete_module
from tests.factories import UserFactory, build_module
from tests.factories.questions import build_quiz, single_choice
from tests.quizzes.helpers import complete_lessons, take_quiz

pytestmark = pytest.mark.django_db


def test_completing_a_module_issues_one_certificate_and_emails_the_learner(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    volunteer.first_name, volunteer.last_name = "Ana", "Pérez"
    volunteer.email = "ana@example.org"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete_module(volunteer, general_module)
    assert certificate.learner_name == "Ana Pérez"
    assert certificate.module_title == general_module.title
    assert certificate.cycle == 1
    assert len(certificate.code) == 26 and normalise_code(certificate.code) == (
        "code",
        certificate.code,
    )
    assert normalise_code(certificate.short_code) == ("short", certificate.short_code)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert f"/certificates/verify/{certificate.code}/" in message.body
    assert certificate.short_code in message.body


def test_codes_carry_128_random_bits_and_differ(volunteer, catalogue):
    codes = set()
    for n in range(20):
        module = build_module(catalogue, slug=f"m{n}", lessons=1)
        codes.add(complete_module(volunteer, module).code)
    assert len(codes) == 20
    # 26 base32 characters = 130 bits of which 128 are random.
    assert all(len(code) == 26 for code in codes)


def test_issuing_again_returns_the_same_certificate(certificate):
    enrolment = certificate.enrolment
    again, created = services.issue_certificate(enrolment=enrolment)
    assert not created and again.pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_the_constraint_refuses_a_second_valid_certificate_for_a_cycle(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            code="a" * 26,
            short_code="AAAAA-AAAAA",
            user=certificate.user,
            module=certificate.module,
            cycle=certificate.cycle,
            learner_name="x",
            module_title="x",
        )


def test_codes_are_unique(certificate, staff_member, caseworker_module):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            code=certificate.code,
            short_code="BBBBB-BBBBB",
            user=staff_member,
            module=caseworker_module,
            learner_name="x",
            module_title="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            code="b" * 26,
            short_code=certificate.short_code,
            user=staff_member,
            module=caseworker_module,
            learner_name="x",
            module_title="x",
        )


def test_no_certificate_for_a_failed_attempt(catalogue, volunteer, client_for):
    module = build_module(catalogue, slug="quizzed", lessons=1)
    quiz = build_quiz(module, [single_choice()], pass_mark=100)
    complete_lessons(volunteer, module)
    take_quiz(client_for(volunteer), quiz, right=False)
    assert not Certificate.objects.exists()
    take_quiz(client_for(volunteer), quiz, right=True)
    certificate = Certificate.objects.get()
    assert certificate.score == Decimal("100.00")


def test_fields_are_frozen_when_the_module_and_account_change(certificate):
    name, title = certificate.learner_name, certificate.module_title
    module = certificate.module
    module.title = "A renamed module"
    module.save_revision().publish()
    user = certificate.user
    user.first_name = "Someone"
    user.save()
    certificate.refresh_from_db()
    assert (certificate.learner_name, certificate.module_title) == (name, title)


def test_deleting_the_module_keeps_the_certificate(certificate):
    certificate.module.delete()
    certificate.refresh_from_db()
    assert certificate.module_id is None and certificate.module_title


def test_expiry_follows_the_module_validity_in_calendar_months(volunteer, catalogue):
    module = build_module(catalogue, slug="yearly", lessons=1)
    module.certificate_validity_months = 1
    module.save_revision().publish()
    with time_machine.travel(datetime.datetime(2026, 1, 31, 12, tzinfo=datetime.UTC), tick=False):
        certificate = complete_module(volunteer, module)
    assert certificate.expires_on == datetime.date(2026, 2, 28)


def test_a_module_without_validity_never_expires(volunteer, catalogue):
    module = build_module(catalogue, slug="forever", lessons=1)
    module.certificate_validity_months = None
    module.save_revision().publish()
    certificate = complete_module(volunteer, module)
    assert certificate.expires_on is None
    assert certificate.status().value == "valid"


def test_the_pathway_version_trained_on_is_frozen(volunteer, general_module):
    from tests.content.pathway_builders import build_pathway

    pathway = build_pathway()
    version = pathway.published_version
    certificate = complete_module(volunteer, general_module)
    pathway.refresh_from_db()
    published_on = pathway.last_published_at.date()
    assert {
        "key": pathway.key,
        "title": pathway.title,
        "version": version,
        "published_on": published_on.isoformat(),
    } in certificate.pathway_versions
    # Said by name and publication date, never as a bare "v1".
    assert f"{pathway.title} (published {published_on:%-d %B %Y})" in certificate.pathway_summary
    assert f"v{version}" not in certificate.pathway_summary


def test_a_certificate_issued_before_dates_were_kept_names_the_version(volunteer, catalogue):
    from certificates.models import Certificate

    certificate = Certificate(pathway_versions=[{"key": "adults", "title": "Adults", "version": 3}])
    assert certificate.pathway_summary == "Adults (version 3)"


def test_no_email_is_sent_when_the_completion_rolls_back(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                complete_module(volunteer, general_module)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not Certificate.objects.exists()
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_issues_create_one_certificate(catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL; SQLite serialises writers")
    user = UserFactory(username="racer")
    module = build_module(catalogue, slug="race", lessons=1)
    complete_lessons(user, module)
    Certificate.objects.all().delete()  # the completion issued one; race for a fresh one
    enrolment = Enrolment.objects.get(user=user, module=module)
    barrier = threading.Barrier(6)
    results = []

    def issue():
        try:
            barrier.wait()
            results.append(services.issue_certificate(enrolment=enrolment, module=module))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(user=user, module=module).count() == 1
    assert sum(1 for _certificate, created in results if created) == 1
    assert len({certificate.pk for certificate, _created in results}) == 1
