"""
Bulk import of learners from a CSV file: read, preview, apply.

A training manager exports a spreadsheet with the columns ``name``, ``email``, ``region`` and
``role`` (``team`` is optional) and uploads it. Importing happens in two steps so that nothing is
written before the manager has seen the outcome of every row:

1. :func:`preview_import` reads the file and gives each row an outcome: *create*, *already
   exists* (an account has this email; nothing changes) or *not imported* with the reason
   (missing or invalid email, missing name, unknown role, a role with admin access, the same
   email earlier in the file, text that is not UTF-8). A problem with the whole file (not text,
   no header, a required column missing, too big, too many rows) raises :class:`ImportFileError`
   with a message for the manager.
2. :func:`apply_import` creates the learners of the *create* rows. It checks the database
   again, so applying the same rows twice creates nobody twice: the second time they are
   *already exists*. Bad rows never stop good ones.

The email address is the identity: it becomes the username the learner signs in with.
"""

import csv
import io
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learners.roles import IMPORTABLE_ROLES, parse_role
from learners.services import LearnerExists, create_learner

__all__ = [
    "ImportFileError",
    "ImportRow",
    "ImportSummary",
    "RowOutcome",
    "apply_import",
    "max_upload_bytes",
    "max_rows",
    "preview_import",
    "read_learner_csv",
]

REQUIRED_COLUMNS = ("name", "email", "role")
OPTIONAL_COLUMNS = ("region", "team")

#: Other headings people use for our columns (compared case-insensitively).
COLUMN_ALIASES = {
    "full name": "name",
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "area": "region",
}

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 150  # the username's length
FIELD_MAX_LENGTH = 100


def max_upload_bytes():
    return getattr(settings, "LEARNER_IMPORT_MAX_BYTES", 1024 * 1024)


def max_rows():
    return getattr(settings, "LEARNER_IMPORT_MAX_ROWS", 2000)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``str(error)`` says why, for the manager."""


class RowOutcome:
    CREATE = "create"
    EXISTS = "exists"
    ERROR = "error"

    LABELS = {
        "create": gettext_lazy("Will be created"),
        "exists": gettext_lazy("Already exists"),
        "error": gettext_lazy("Not imported"),
    }
    DONE_LABELS = {
        "create": gettext_lazy("Created"),
        "exists": gettext_lazy("Already exists"),
        "error": gettext_lazy("Not imported"),
    }


@dataclass
class ImportRow:
    """One data row of the file and what happens (or happened) to it."""

    #: The row's number as a spreadsheet shows it (the header is row 1).
    number: int
    name: str = ""
    email: str = ""
    region: str = ""
    team: str = ""
    role: str = ""
    #: The role as written in the file, to show back to the manager.
    role_text: str = ""
    outcome: str = RowOutcome.CREATE
    reason: str = ""

    def refuse(self, reason):
        if self.outcome != RowOutcome.ERROR:
            self.outcome, self.reason = RowOutcome.ERROR, reason

    @property
    def outcome_label(self):
        return RowOutcome.LABELS[self.outcome]

    @property
    def done_label(self):
        return RowOutcome.DONE_LABELS[self.outcome]

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


@dataclass
class ImportSummary:
    rows: list = field(default_factory=list)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def to_create(self):
        return self.count(RowOutcome.CREATE)

    @property
    def existing(self):
        return self.count(RowOutcome.EXISTS)

    @property
    def errors(self):
        return self.count(RowOutcome.ERROR)


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _(
                "The file is saved as UTF-16 text. Save it as 'CSV UTF-8 (comma delimited)' "
                "and upload it again."
            )
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This is not a CSV text file. Save the spreadsheet as 'CSV UTF-8' and upload that.")
        )
    # Bytes that are not UTF-8 become lone surrogates, so that each row can say whether it was
    # readable instead of the whole file failing on one accented name.
    return data.decode("utf-8-sig", errors="surrogateescape")


def _has_undecodable(text):
    return any("\udc80" <= char <= "\udcff" for char in text)


def _delimiter(first_line):
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                return candidate
    return ","


def _column_key(heading):
    key = " ".join(heading.replace("_", " ").split()).casefold()
    return COLUMN_ALIASES.get(key, key)


def _clean(value):
    return " ".join((value or "").split())


def read_learner_csv(data, *, row_limit=None):
    """Parse ``data`` (bytes) into :class:`ImportRow` objects, each checked on its own.

    Raises :class:`ImportFileError` for problems with the whole file. Checks against the
    database are left to :func:`check_against_database`.
    """
    row_limit = max_rows() if row_limit is None else row_limit
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not text.strip():
        raise ImportFileError(_("The file is empty."))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0])))
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as CSV (%(error)s).") % {"error": error}
        ) from error

    header = records[0] if records else []
    if _has_undecodable("".join(header)):
        raise ImportFileError(
            _(
                "The file is not UTF-8 text. In your spreadsheet, choose 'Save as' and "
                "'CSV UTF-8 (comma delimited)', then upload it again."
            )
        )
    columns = [_column_key(heading) for heading in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            _(
                "The first row must name the columns: name, email, region and role "
                "(team is optional). Missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)}
        )
    position = {
        name: columns.index(name)
        for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if name in columns
    }

    data_rows = [
        (number, record)
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    ]
    if not data_rows:
        raise ImportFileError(_("The file has a header row but no learners."))
    if row_limit and len(data_rows) > row_limit:
        raise ImportFileError(
            _(
                "The file has %(count)d learners; at most %(limit)d can be imported at once. "
                "Split it into smaller files."
            )
            % {"count": len(data_rows), "limit": row_limit}
        )

    rows = []
    first_row_of_email = {}
    for number, record in data_rows:

        def cell(name, record=record):
            index = position.get(name)
            return record[index] if index is not None and index < len(record) else ""

        row = ImportRow(number=number)
        if _has_undecodable("".join(record)):
            # Show what can be shown; the manager recognises the row by its number.
            row.email = _clean(cell("email")).encode("utf-8", "replace").decode("utf-8")
            row.refuse(
                _(
                    "This row has characters that are not UTF-8 text. Save the file as "
                    "'CSV UTF-8' and upload it again."
                )
            )
            rows.append(row)
            continue
        row.name = _clean(cell("name"))
        row.email = _clean(cell("email")).lower()
        row.region = _clean(cell("region"))
        row.team = _clean(cell("team"))
        row.role_text = _clean(cell("role"))
        _check_row(row)
        if row.outcome != RowOutcome.ERROR:
            earlier = first_row_of_email.setdefault(row.email, row.number)
            if earlier != row.number:
                row.refuse(
                    _("The same email as row %(row)d; only the first is imported.")
                    % {"row": earlier}
                )
        rows.append(row)
    return rows


def _check_row(row):
    if not row.email:
        row.refuse(_("The email is missing."))
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.refuse(_("'%(email)s' is not a valid email address.") % {"email": row.email})
        if len(row.email) > EMAIL_MAX_LENGTH:
            row.refuse(
                _("The email is longer than %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}
            )
    if not row.name:
        row.refuse(_("The name is missing."))
    elif len(row.name) > NAME_MAX_LENGTH:
        row.refuse(_("The name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH})
    if len(row.region) > FIELD_MAX_LENGTH or len(row.team) > FIELD_MAX_LENGTH:
        row.refuse(
            _("The region or team is longer than %(max)d characters.") % {"max": FIELD_MAX_LENGTH}
        )
    importable = ", ".join(str(role.label) for role in IMPORTABLE_ROLES)
    role = parse_role(row.role_text)
    if not row.role_text:
        row.refuse(_("The role is missing (one of: %(roles)s).") % {"roles": importable})
    elif role is None:
        row.refuse(
            _("Unknown role '%(role)s' (one of: %(roles)s).")
            % {"role": row.role_text, "roles": importable}
        )
    elif role not in IMPORTABLE_ROLES:
        row.refuse(
            _(
                "The role '%(role)s' gives admin access and cannot be imported; an "
                "administrator adds it in Settings, Users."
            )
            % {"role": role.label}
        )
    else:
        row.role = role.value


def check_against_database(rows):
    """Mark rows whose email an account already has as *already exists* (one query)."""
    candidates = [row for row in rows if row.outcome != RowOutcome.ERROR]
    emails = {row.email for row in candidates}
    if not emails:
        return rows
    User = get_user_model()
    found = set()
    for email, username in (
        User.objects.annotate(email_lower=Lower("email"), username_lower=Lower(User.USERNAME_FIELD))
        .filter(Q(email_lower__in=emails) | Q(username_lower__in=emails))
        .values_list("email_lower", "username_lower")
    ):
        found.update({email, username})
    for row in candidates:
        if row.email in found:
            row.outcome = RowOutcome.EXISTS
            row.reason = _("An account with this email exists already; it is left as it is.")
        else:
            row.outcome, row.reason = RowOutcome.CREATE, ""
    return rows


def preview_import(data, *, row_limit=None):
    """Read ``data`` and say what applying it would do; writes nothing."""
    if len(data) > max_upload_bytes():
        raise ImportFileError(
            _("The file is larger than %(size)d KB. Split it into smaller files.")
            % {"size": max_upload_bytes() // 1024}
        )
    return ImportSummary(check_against_database(read_learner_csv(data, row_limit=row_limit)))


def apply_import(rows, *, invite=True, now=None):
    """Create the learners of the rows still marked *create*; return the final summary.

    Each row is checked against the database again first, so rows applied before (or created
    meanwhile) become *already exists*. Invitations go out once everything has committed.
    """
    now = now or timezone.now()
    rows = [ImportRow.from_dict(r) if isinstance(r, dict) else r for r in rows]
    with transaction.atomic():
        check_against_database(rows)
        for row in rows:
            if row.outcome != RowOutcome.CREATE:
                continue
            try:
                create_learner(
                    email=row.email,
                    name=row.name,
                    role=row.role,
                    region=row.region,
                    team=row.team,
                    imported=True,
                    invite=invite,
                    now=now,
                )
            except LearnerExists:
                row.outcome = RowOutcome.EXISTS
                row.reason = _("An account with this email exists already; it is left as it is.")
    return ImportSummary(rows)
