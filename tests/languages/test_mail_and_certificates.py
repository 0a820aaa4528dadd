"""Certificates, their mail and invitations are written in the learner's preferred language."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Locale

from certificates.pdf import render_certificate_pdf
from learners.models import LearnerProfile
from learners.services import invite_learner
from tests.certificates.helpers import complete_module
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def prefers(user, language):
    profile, _created = LearnerProfile.objects.get_or_create(user=user)
    profile.preferred_language = language
    profile.save()
    user.email = "learner@example.org"
    user.save()
    return user


def welsh_translation(page, title):
    welsh = Locale.objects.get(language_code="cy")
    translation = page.copy_for_translation(welsh)
    translation.title = title
    translation.save_revision().publish()
    return translation


def earn(user, module, capture):
    with capture(execute=True):
        return complete_module(user, module)


def pdf_text(certificate):
    reader = PdfReader(io.BytesIO(render_certificate_pdf(certificate)))
    return reader.pages[0].extract_text()


def test_welsh_learner_gets_a_welsh_certificate_email_with_welsh_links(
    volunteer, catalogue, general_module, django_capture_on_commit_callbacks
):
    welsh_translation(catalogue, "Hyfforddiant")
    welsh_translation(general_module, "Ymwybyddiaeth gyffredinol")
    prefers(volunteer, "cy")
    certificate = earn(volunteer, general_module, django_capture_on_commit_callbacks)

    assert certificate.module_title == "Ymwybyddiaeth gyffredinol"
    [message] = mail.outbox
    assert message.subject == "Eich tystysgrif: Ymwybyddiaeth gyffredinol"
    assert "Diolch am gwblhau" in message.body
    assert "/cy/certificates/" in message.body
    # Whoever checks the certificate chooses their own language: no prefix on that link.
    assert certificate.get_verify_url() in message.body
    assert "/cy/" not in certificate.get_verify_url()


def test_without_a_translation_the_certificate_keeps_the_module_title(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    prefers(volunteer, "cy")
    certificate = earn(volunteer, general_module, django_capture_on_commit_callbacks)
    assert certificate.module_title == general_module.title
    assert mail.outbox[0].subject == f"Eich tystysgrif: {general_module.title}"


def test_english_learner_mail_is_unchanged(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    prefers(volunteer, "en-gb")
    earn(volunteer, general_module, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == f"Your certificate: {general_module.title}"
    assert "/cy/" not in mail.outbox[0].body


def test_certificate_pdf_is_in_the_learners_language(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    prefers(volunteer, "cy")
    certificate = earn(volunteer, general_module, django_capture_on_commit_callbacks)
    text = pdf_text(certificate)
    assert "Mae hyn yn tystio bod" in text
    assert "Gwirio'r dystysgrif hon" in text
    assert "This certifies that" not in text
    # The organisation's default wording is translated too.
    assert "Certificate of completion" not in text


def test_arabic_certificate_pdf_is_shaped_arabic_text(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    prefers(volunteer, "ar")
    certificate = earn(volunteer, general_module, django_capture_on_commit_callbacks)
    pdf = render_certificate_pdf(certificate)
    assert b"/Lang (ar)" in pdf
    text = pdf_text(certificate)
    letters = {ch for ch in "نشهد بأن" if not ch.isspace()}
    assert letters <= set(text)
    assert "This certifies that" not in text


def test_refresher_reminder_is_in_the_learners_language(
    volunteer, general_module, django_capture_on_commit_callbacks
):
    prefers(volunteer, "cy")
    certificate = earn(volunteer, general_module, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    day = certificate.expires_on - datetime.timedelta(days=30)
    with time_machine.travel(day), django_capture_on_commit_callbacks(execute=True):
        call_command("send_refresher_reminders", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.subject.startswith("Cwrs gloywi yn ddyledus cyn bo hir")
    assert f"/cy{general_module.url}" in message.body


def test_invitation_is_in_the_recipients_language(django_capture_on_commit_callbacks):
    user = UserFactory(email="amira@example.org")
    user.set_unusable_password()
    user.save()
    user = prefers(user, "ar")
    user.email = "amira@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invite_learner(user=user)
    [message] = mail.outbox
    assert "حسابك في" in message.subject
    assert "/ar/accounts/reset/" in message.body
