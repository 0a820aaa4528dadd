"""The PDF: one A4 landscape page of real text in any script, with a QR code to the check."""

import datetime
import io
import unicodedata
from decimal import Decimal

import pytest
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.pdf import CertificateLook, render_certificate_pdf

NAMES = [
    "Zoë Ørsted-Łukasiewicz",  # accented Latin
    "Nguyễn Thị Minh Khai",  # Vietnamese
    "Анастасия Иванова",  # Cyrillic
    "Ελένη Παπαδοπούλου",  # Greek
    "Ṣọlá Adébáyọ̀",  # Yoruba, with a combining mark
]
ARABIC = "أمينة رحمن"
TIGRINYA = "ሰላም ተስፋይ"  # Ge'ez script (a Noto fallback font)


def make_certificate(name, **fields):
    values = {
        "code": "abcdefghijklmnopqrstuvwxyz",
        "short_code": "7KQ2M-X9D4T",
        "learner_name": name,
        "module_title": "General awareness",
        "issued_at": datetime.datetime(2026, 11, 23, 10, 30, tzinfo=datetime.UTC),
        "expires_on": datetime.date(2027, 11, 23),
        "score": Decimal("92.50"),
        "pathway_versions": [
            {"key": "adults", "title": "Adults", "version": 3, "published_on": "2026-03-02"}
        ],
    }
    values.update(fields)
    return Certificate(**values)


def page_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def normalised(text):
    return unicodedata.normalize("NFKC", text)


def test_one_a4_landscape_page_with_everything_it_should_say():
    look = CertificateLook(
        organisation_name="Example Charity",
        signatory_name="Jo Bloggs",
        signatory_role="Head of Safeguarding",
        closing_text="Thank you.",
    )
    pdf = render_certificate_pdf(make_certificate("Ana Pérez"), look)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    text = page_text(pdf)
    for expected in [
        "Example Charity",
        "Certificate of completion",
        "Ana Pérez",
        "General awareness",
        "23 November 2026",
        "23 November 2027",
        "92%",
        "Adults (published 2 March 2026)",
        "Jo Bloggs",
        "Head of Safeguarding",
        "7KQ2M-X9D4T",
        "abcdefghijklmnopqrstuvwxyz",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize("name", NAMES)
def test_names_in_latin_cyrillic_and_greek_are_real_text(name):
    text = page_text(render_certificate_pdf(make_certificate(name)))
    assert normalised(name) in normalised(text)


def test_arabic_names_are_shaped_and_kept_as_text():
    text = normalised(page_text(render_certificate_pdf(make_certificate(ARABIC))))
    # Shaped right-to-left text may come out of extraction in visual order: compare the letters.
    letters = {ch for ch in ARABIC if not ch.isspace()}
    assert letters <= set(text)


def test_scripts_dejavu_lacks_use_a_shipped_fallback_font():
    pdf = render_certificate_pdf(make_certificate(TIGRINYA))
    assert b"NotoSansEthiopic" in pdf
    text = normalised(page_text(pdf))
    assert {ch for ch in TIGRINYA if not ch.isspace()} <= set(text)


def test_rendering_is_deterministic():
    certificate = make_certificate("Ana Pérez")
    assert render_certificate_pdf(certificate) == render_certificate_pdf(certificate)


def test_the_qr_code_opens_the_verification_page():
    pypdfium2 = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    certificate = make_certificate("Ana Pérez")
    document = pypdfium2.PdfDocument(render_certificate_pdf(certificate))
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://testserver/certificates/verify/{certificate.code}/"]


def test_a_broken_logo_does_not_stop_the_certificate():
    look = CertificateLook(logo=b"not an image", signature=b"\x89PNG broken")
    assert render_certificate_pdf(make_certificate("Ana"), look).startswith(b"%PDF")
