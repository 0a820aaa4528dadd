"""
The wallet card: a referral pathway on a card the size of a bank card, as a two-page PDF.

Front: the pathway's title, "Immediate danger: call 999" and its steps in order (titles only,
urgent ones marked in words). Back: whom to contact (the help contacts with their numbers, and
the organisation's anti-trafficking lead) and the version and date, with a reminder that printed
copies go out of date. ISO/IEC 7810 ID-1 size (85.6 x 54 mm), so it fits a wallet or a badge
holder. The text is real text in DejaVu Sans (the font the certificates ship, with its licence, in
``certificates/fonts``; read here as a file, not imported), drawn by fpdf2. When
a pathway has more steps than fit, the type shrinks down to a readable minimum; below that the
steps are cut and the card says to see the full pathway.

Drawing a card takes some hundreds of milliseconds, and every learner downloads the same one, so
:func:`stored_wallet_card` draws each card once and keeps it in the default storage, named by a
digest of everything it shows (the published version of the pathway, the contacts, the lead, the
language and this module's code): a new version, a new contact or a new release makes a new
name, and the first download after it draws the card again. The card is public content; old
cards are small and harmless, and the storage can expire ``wallet-cards/`` freely.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

CARD_WIDTH_MM = 85.6
CARD_HEIGHT_MM = 54.0
MARGIN_MM = 3.5
LARGEST_POINTS = 7.0
SMALLEST_POINTS = 5.0
FONT_DIR = Path(settings.BASE_DIR) / "certificates" / "fonts"
POINTS_TO_MM = 0.3528


class WalletCard(FPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format=(CARD_HEIGHT_MM, CARD_WIDTH_MM))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(False)
        self.add_font("dejavu", "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font("dejavu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_creator("PROTECT training")

    @property
    def bottom(self):
        return CARD_HEIGHT_MM - MARGIN_MM

    def line(self, text, points, *, bold=False):
        """Write ``text`` as a paragraph; False (and nothing written) if it would not fit."""
        self.set_font("dejavu", "B" if bold else "", points)
        height = points * POINTS_TO_MM * 1.25
        lines = self.multi_cell(
            w=0, h=height, text=text, align="L", dry_run=True, output="LINES", new_x="LMARGIN"
        )
        if self.get_y() + height * len(lines) > self.bottom:
            return False
        self.multi_cell(w=0, h=height, text=text, align="L", new_x="LMARGIN", new_y="NEXT")
        return True


def _front(pdf, pathway, steps, points):
    """Draw the front at ``points``; True when every step fitted."""
    pdf.add_page()
    pdf.line(pathway.title, points + 1, bold=True)
    pdf.line(_("Immediate danger: call 999"), points + 1, bold=True)
    pdf.set_y(pdf.get_y() + 0.8)
    for number, step in enumerate(steps, start=1):
        flag = _("Urgent:") + " " if step.urgent else ""
        if not pdf.line(f"{number}. {flag}{step.title}", points):
            return False
    return True


def render_wallet_card(pathway, contacts, *, lead_role, lead_contact=""):
    """The PDF bytes of ``pathway``'s wallet card with ``contacts`` on the back."""
    steps = list(pathway.steps.all())
    points = LARGEST_POINTS
    while True:
        pdf = WalletCard()
        pdf.set_title(pathway.title)
        fitted = _front(pdf, pathway, steps, points)
        if fitted or points <= SMALLEST_POINTS:
            break
        points -= 0.5
    if not fitted:
        pdf.line(_("More steps: see the referral pathway in the training."), points, bold=True)

    pdf.add_page()
    pdf.line(_("Who to contact"), LARGEST_POINTS + 1, bold=True)
    pdf.line(
        _("Tell your %(role)s the same day.") % {"role": lead_role}
        + (f" {lead_contact}" if lead_contact else ""),
        LARGEST_POINTS - 0.5,
    )
    for contact in contacts:
        label = contact.name
        if contact.phone and contact.phone.strip() != contact.name.strip():
            label += f": {contact.phone}"
        pdf.line(label, LARGEST_POINTS - 0.5, bold=contact.is_emergency)
    version = ""
    if pathway.published_version and pathway.last_published_at:
        version = _("Version %(version)s, updated %(date)s.") % {
            "version": pathway.published_version,
            "date": formats.date_format(pathway.last_published_at, "j F Y"),
        }
    pdf.set_y(pdf.bottom - 2 * SMALLEST_POINTS * POINTS_TO_MM * 1.25)
    pdf.line(
        f"{version} " + _("Printed copies go out of date: check the training for the current one."),
        SMALLEST_POINTS,
    )
    return bytes(pdf.output())


@cache
def _code_digest():
    """This module's source: a change in the layout is a new card even without ``RELEASE``."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def wallet_card_name(pathway, contacts, *, lead_role, lead_contact=""):
    """The storage name of the card these inputs draw (see the module docstring)."""
    shown = [
        pathway.pk,
        pathway.published_version,
        pathway.live_revision_id,
        pathway.last_published_at.isoformat() if pathway.last_published_at else "",
        [(c.name, c.phone, c.is_emergency) for c in contacts],
        lead_role,
        lead_contact,
        translation.get_language(),
        getattr(settings, "RELEASE", ""),
        _code_digest(),
    ]
    digest = hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:32]
    return f"wallet-cards/{pathway.key}-{digest}.pdf"


def stored_wallet_card(pathway, contacts, *, lead_role, lead_contact=""):
    """The card's PDF bytes: from storage, or drawn now and stored for every later download."""
    contacts = list(contacts)
    name = wallet_card_name(pathway, contacts, lead_role=lead_role, lead_contact=lead_contact)
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        pass
    pdf = render_wallet_card(pathway, contacts, lead_role=lead_role, lead_contact=lead_contact)
    # Two first downloads at once both draw; the second file gets another name and is unused.
    default_storage.save(name, ContentFile(pdf))
    return pdf
