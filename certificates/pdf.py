"""
The certificate as a one-page A4 landscape PDF, drawn with fpdf2.

Everything about the learner comes from the frozen :class:`~certificates.models.Certificate`;
everything about the organisation (name, logo, wording, signatory and signature) comes from a
:class:`CertificateLook`, read once from the site settings and reusable for a whole batch. The
text is real text in embedded, subsetted fonts (DejaVu Sans, with Noto fallbacks for scripts it
lacks; see ``certificates/fonts/README.md``), so it can be selected, searched and read aloud, and
names in Arabic or other right-to-left and joined scripts are shaped by HarfBuzz. The QR code is
drawn as vector squares and opens the public verification page.

Rendering is deterministic: the same certificate and look give the same bytes, because the PDF's
dates and identifier derive from the certificate's issue time, never from the clock.
"""

import datetime
import io
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fontTools import ttLib
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
MAIN_FONT = "dejavu"
#: Fallback faces for characters DejaVu Sans does not have, in the order they are tried.
FALLBACK_FONTS = {
    "noto-ethiopic": "NotoSansEthiopic-Regular.ttf",
    "noto-devanagari": "NotoSansDevanagari-Regular.ttf",
    "noto-bengali": "NotoSansBengali-Regular.ttf",
    "noto-gurmukhi": "NotoSansGurmukhi-Regular.ttf",
    "noto-tamil": "NotoSansTamil-Regular.ttf",
    "noto-thai": "NotoSansThai-Regular.ttf",
}

PAGE_W, PAGE_H = 297, 210  # A4 landscape, millimetres
MARGIN = 14
INK = (31, 41, 55)
SOFT_INK = (75, 85, 99)
ACCENT = (15, 76, 117)


@dataclass(frozen=True)
class CertificateLook:
    """The organisation's part of every certificate (from ``CertificateSettings``)."""

    organisation_name: str = "Demo Charity"
    heading: str = "Certificate of completion"
    statement: str = "has completed the training module"
    closing_text: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    logo: bytes | None = field(default=None, repr=False)
    signature: bytes | None = field(default=None, repr=False)


def _image_bytes(image):
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None  # a missing file must not stop certificates being issued


def look_for_site(site):
    """Read the certificate settings of ``site`` (and its training settings) into a look."""
    from certificates.models import CertificateSettings
    from pathways.models import TrainingSettings

    certificate_settings = CertificateSettings.for_site(site)
    organisation = (
        certificate_settings.organisation_name or TrainingSettings.for_site(site).organisation_name
    )
    return CertificateLook(
        organisation_name=organisation,
        heading=certificate_settings.heading,
        statement=certificate_settings.statement,
        closing_text=certificate_settings.closing_text,
        signatory_name=certificate_settings.signatory_name,
        signatory_role=certificate_settings.signatory_role,
        logo=_image_bytes(certificate_settings.logo),
        signature=_image_bytes(certificate_settings.signature),
    )


def default_look():
    """The look of the default site (used by emails, commands and the benchmark)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return look_for_site(site) if site is not None else CertificateLook()


@lru_cache(maxsize=1)
def _extra_font_files():
    return tuple(getattr(settings, "CERTIFICATE_EXTRA_FONT_FILES", ()) or ())


@cache
def _coverage(path):
    """The code points a font file has glyphs for (read once per process)."""
    font = ttLib.TTFont(path, lazy=True)
    return frozenset(font.getBestCmap())


def _fallbacks_for(text):
    """``[(name, path)]`` of the fallback fonts needed for characters DejaVu Sans lacks.

    Loading a font costs more than drawing the page, so only the faces a certificate needs are
    loaded: most certificates need none.
    """
    main = _coverage(FONT_DIR / "DejaVuSans.ttf")
    missing = {ord(ch) for ch in text if ord(ch) not in main and not ch.isspace()}
    if not missing:
        return []
    candidates = [(name, FONT_DIR / filename) for name, filename in FALLBACK_FONTS.items()]
    candidates += [(f"extra-{i}", path) for i, path in enumerate(_extra_font_files())]
    needed = []
    for name, path in candidates:
        covered = missing & _coverage(path)
        if covered:
            needed.append((name, path))
            missing -= covered
        if not missing:
            break
    return needed


def _needs_shaping(text):
    """True when some character needs HarfBuzz: joined or reordered scripts, combining marks.

    Latin, Greek and Cyrillic in precomposed form (which names are normalised to) do not, and
    shaping costs time, so it is switched on only when needed.
    """
    for ch in text:
        code = ord(ch)
        if unicodedata.combining(ch):
            return True
        if code <= 0x24F or 0x370 <= code <= 0x52F or 0x1E00 <= code <= 0x1FFF:
            continue
        if 0x2000 <= code <= 0x20CF:  # punctuation, currency
            continue
        return True
    return False


class _CertificatePDF(FPDF):
    def __init__(self, text):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(MAIN_FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(MAIN_FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        fallbacks = []
        for name, path in _fallbacks_for(text):
            self.add_font(name, "", path)
            fallbacks.append(name)
        if fallbacks:
            self.set_fallback_fonts(fallbacks, exact_match=False)
        if _needs_shaping(text):
            self.set_text_shaping(True)


def _date(value):
    return formats.date_format(value, "j F Y")


def certificate_lines(certificate):
    """The sentences a certificate states about the learner, in reading order (also used in
    tests and the plain-text email)."""
    issued = timezone.localtime(certificate.issued_at).date()
    lines = [_("Completed on %(date)s") % {"date": _date(issued)}]
    if certificate.score is not None:
        lines[0] += " · " + _("score %(score)s%%") % {"score": f"{certificate.score:.0f}"}
    if certificate.expires_on:
        lines.append(_("Current until %(date)s") % {"date": _date(certificate.expires_on)})
    if certificate.pathway_summary:
        lines.append(
            _("Referral pathways covered: %(versions)s") % {"versions": certificate.pathway_summary}
        )
    return lines


def _draw_qr(pdf, url, x, y, size):
    """A QR code for ``url`` as filled squares, one run of dark modules at a time."""
    qr = segno.make(url, error="m")
    matrix = [list(row) for row in qr.matrix]
    count = len(matrix)
    quiet = 2  # modules of white around the code inside the box
    module = size / (count + 2 * quiet)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                pdf.rect(
                    x + (quiet + start) * module,
                    y + (quiet + r) * module,
                    (c - start) * module,
                    module,
                    style="F",
                )
            else:
                c += 1


def _draw_image(pdf, data, **placement):
    """Draw an uploaded image; a broken or unsupported file is left out, never fatal."""
    try:
        pdf.image(io.BytesIO(data), keep_aspect_ratio=True, **placement)
    except Exception:  # noqa: BLE001  (Pillow and fpdf2 raise many kinds)
        return False
    return True


def _centred(pdf, text, *, size, style="", color=INK, y=None, height=None):
    pdf.set_font(MAIN_FONT, style, size)
    pdf.set_text_color(*color)
    if y is not None:
        pdf.set_y(y)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        PAGE_W - 2 * MARGIN, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT"
    )


def render_certificate_pdf(certificate, look=None, language=None):
    """The certificate as PDF bytes, in ``language`` (default: the learner's preferred one)."""
    from certificates.languages import language_for

    language = language or language_for(certificate.user)
    with translation.override(language):
        return _render(certificate, look or CertificateLook(), language)


def _translated(look):
    """The look with the default wording translated; an organisation's own wording as written.

    The defaults of ``CertificateSettings`` are in the catalogue (marked there with
    ``gettext_noop``); any other text is not, and ``gettext`` returns it unchanged.
    """
    return replace(
        look,
        heading=_(look.heading),
        statement=_(look.statement),
        closing_text=_(look.closing_text) if look.closing_text else "",
    )


def _render(certificate, look, language):
    look = _translated(look)
    fixed_text = [
        _("This certifies that"),
        _("Check this certificate"),
        _("Scan the code or visit %(url)s and enter the code below."),
        *certificate_lines(certificate),
    ]
    pdf = _CertificatePDF(
        " ".join(
            [certificate.learner_name, certificate.module_title, certificate.pathway_summary]
            + [look.organisation_name, look.heading, look.statement, look.closing_text]
            + [look.signatory_name, look.signatory_role]
            + fixed_text
        )
    )
    issued = certificate.issued_at
    if timezone.is_naive(issued):
        issued = timezone.make_aware(issued, datetime.UTC)
    pdf.set_creation_date(issued.astimezone(datetime.UTC))
    pdf.set_title(f"{look.heading}: {certificate.module_title}")
    pdf.set_author(look.organisation_name)
    pdf.set_subject(certificate.learner_name)
    pdf.set_creator("PROTECT training")
    pdf.set_lang(translation.to_locale(language).replace("_", "-"))
    pdf.add_page()

    # Frame
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(7, 7, PAGE_W - 14, PAGE_H - 14)
    pdf.set_line_width(0.3)
    pdf.rect(9.5, 9.5, PAGE_W - 19, PAGE_H - 19)

    # Organisation: logo and name
    top = 18
    if look.logo and _draw_image(pdf, look.logo, x=(PAGE_W - 60) / 2, y=top, w=60, h=18):
        top += 21
    _centred(pdf, look.organisation_name, size=13, color=SOFT_INK, y=top)

    _centred(pdf, look.heading, size=26, style="B", color=ACCENT, y=top + 12, height=12)
    _centred(pdf, _("This certifies that"), size=12, color=SOFT_INK, y=pdf.get_y() + 5)
    _centred(pdf, certificate.learner_name, size=28, style="B", y=pdf.get_y() + 3, height=13)
    _centred(pdf, look.statement, size=12, color=SOFT_INK, y=pdf.get_y() + 3)
    _centred(pdf, certificate.module_title, size=18, style="B", y=pdf.get_y() + 2, height=9)
    pdf.set_y(pdf.get_y() + 4)
    for line in certificate_lines(certificate):
        _centred(pdf, line, size=11, color=INK, height=6)
    if look.closing_text:
        _centred(pdf, look.closing_text, size=10, color=SOFT_INK, y=pdf.get_y() + 2, height=5)

    # Signature, bottom left
    base = PAGE_H - 24
    if look.signature:
        _draw_image(pdf, look.signature, x=MARGIN + 6, y=base - 24, w=55, h=20)
    if look.signatory_name or look.signature:
        pdf.set_draw_color(*SOFT_INK)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN + 6, base - 3, MARGIN + 76, base - 3)
        pdf.set_xy(MARGIN + 6, base - 1)
        pdf.set_font(MAIN_FONT, "B", 10)
        pdf.set_text_color(*INK)
        pdf.cell(70, 5, look.signatory_name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(MARGIN + 6)
        pdf.set_font(MAIN_FONT, "", 9)
        pdf.set_text_color(*SOFT_INK)
        pdf.cell(70, 5, look.signatory_role)

    # Verification, bottom right: QR code, URL and codes
    qr_size = 34
    qr_x = PAGE_W - MARGIN - 6 - qr_size
    qr_y = PAGE_H - MARGIN - 6 - qr_size
    verify_url = certificate.get_verify_url()
    _draw_qr(pdf, verify_url, qr_x, qr_y, qr_size)
    text_w = 95
    text_x = qr_x - 4 - text_w
    pdf.set_xy(text_x, qr_y + 2)
    pdf.set_font(MAIN_FONT, "B", 9)
    pdf.set_text_color(*INK)
    pdf.multi_cell(text_w, 4.5, _("Check this certificate"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font(MAIN_FONT, "", 8)
    pdf.set_text_color(*SOFT_INK)
    pdf.multi_cell(
        text_w,
        4,
        _("Scan the code or visit %(url)s and enter the code below.")
        % {"url": certificate_site_root_verify()},
        align="R",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_font(MAIN_FONT, "B", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(text_w, 6, certificate.short_code, align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font(MAIN_FONT, "", 7)
    pdf.set_text_color(*SOFT_INK)
    pdf.multi_cell(text_w, 3.5, certificate.code, align="R", new_x="LEFT", new_y="NEXT")

    return bytes(pdf.output())


def certificate_site_root_verify():
    from django.urls import reverse

    from certificates.models.certificates import certificate_site_url

    # No language prefix, like the QR code's address (Certificate.get_verify_url).
    with translation.override(settings.LANGUAGE_CODE):
        return certificate_site_url(reverse("certificate_verify"))
