"""Bulk import from CSV: every row's outcome, bad rows never cost good ones, and idempotency."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from learners.importing import (
    ImportFileError,
    RowOutcome,
    apply_import,
    preview_import,
)
from learners.models import LearnerProfile
from learners.roles import Role
from tests.factories import UserFactory

User = get_user_model()

HEADER = "name,email,region,role\n"


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return (header + "".join(row + "\n" for row in rows)).encode(encoding)


def outcomes(summary):
    return {row.number: (row.outcome, row.reason) for row in summary.rows}


@pytest.mark.django_db
class TestPreview:
    def test_good_rows_will_be_created_and_nothing_is_written(self):
        summary = preview_import(
            csv_bytes(
                "Amira Haddad,amira@example.org,North West,Volunteer",
                "Tom Price,TOM@Example.org,Wales,staff member",
                "Li Wei,li@example.org,,Caseworker",
            )
        )
        assert [row.outcome for row in summary.rows] == [RowOutcome.CREATE] * 3
        assert summary.rows[1].email == "tom@example.org"
        assert summary.rows[2].role == Role.CASEWORKER
        assert not User.objects.filter(email__endswith="example.org").exists()

    @pytest.mark.parametrize(
        ("row", "reason"),
        [
            ("Amira Haddad,,North West,Volunteer", "email is missing"),
            ("Amira Haddad,not-an-email,North West,Volunteer", "not a valid email"),
            (",amira@example.org,North West,Volunteer", "name is missing"),
            ("Amira Haddad,amira@example.org,North West,Astronaut", "Unknown role 'Astronaut'"),
            ("Amira Haddad,amira@example.org,North West,", "role is missing"),
            ("Amira Haddad,amira@example.org,North West,Trainer", "gives admin access"),
            ("Amira Haddad,amira@example.org,North West,training manager", "gives admin access"),
        ],
    )
    def test_bad_row_is_listed_with_its_reason(self, row, reason):
        summary = preview_import(csv_bytes("Good Person,good@example.org,Wales,Volunteer", row))
        good, bad = summary.rows
        assert good.outcome == RowOutcome.CREATE
        assert bad.outcome == RowOutcome.ERROR
        assert reason in bad.reason
        assert bad.number == 3  # as a spreadsheet numbers it, the header being row 1

    def test_duplicate_within_the_file_keeps_the_first(self):
        summary = preview_import(
            csv_bytes(
                "Amira Haddad,amira@example.org,North West,Volunteer",
                "Amira H,AMIRA@example.org,Wales,Staff",
            )
        )
        first, second = summary.rows
        assert first.outcome == RowOutcome.CREATE
        assert second.outcome == RowOutcome.ERROR
        assert "same email as row 2" in second.reason

    def test_account_in_the_database_is_already_exists(self):
        UserFactory(username="someone", email="Amira@Example.org")
        UserFactory(username="tom@example.org", email="")
        summary = preview_import(
            csv_bytes(
                "Amira Haddad,amira@example.org,North West,Volunteer",
                "Tom Price,tom@example.org,Wales,Staff",
            )
        )
        assert [row.outcome for row in summary.rows] == [RowOutcome.EXISTS, RowOutcome.EXISTS]

    def test_byte_order_mark_and_accents_are_read(self):
        data = "\ufeff" + HEADER + "Zoë Brontë,zoe@example.org,Île,Volunteer\n"
        (row,) = preview_import(data.encode("utf-8")).rows
        assert row.outcome == RowOutcome.CREATE
        assert row.name == "Zoë Brontë"

    def test_row_that_is_not_utf8_is_refused_and_the_others_kept(self):
        data = (
            HEADER.encode()
            + "Zoë Brontë,zoe@example.org,North,Volunteer\n".encode("latin-1")
            + b"Tom Price,tom@example.org,Wales,Staff\n"
        )
        bad, good = preview_import(data).rows
        assert bad.outcome == RowOutcome.ERROR
        assert "not UTF-8" in bad.reason
        assert good.outcome == RowOutcome.CREATE

    def test_headings_in_any_case_and_order_with_team_and_semicolons(self):
        data = b"Role;E-mail;Full name;Team;Region\nvolunteer;a@example.org;A B;Drop-in;Leeds\n"
        (row,) = preview_import(data).rows
        assert (row.name, row.email, row.team, row.region, row.role) == (
            "A B",
            "a@example.org",
            "Drop-in",
            "Leeds",
            Role.VOLUNTEER,
        )

    def test_blank_lines_are_skipped(self):
        summary = preview_import(csv_bytes("", "A B,a@example.org,,Volunteer", ",,,"))
        assert [row.number for row in summary.rows] == [3]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "empty"),
            (HEADER.encode(), "no learners"),
            (b"name,region,role\nA,B,Volunteer\n", "Missing: email"),
            ("name,email,role\n".encode("utf-16"), "UTF-16"),
            (b"\x00\x01\x02PK\x03\x04binary", "not a CSV"),
            ("nàme,email,role\n".encode("latin-1"), "not UTF-8"),
        ],
    )
    def test_unreadable_file_is_refused_with_a_clear_message(self, data, message):
        with pytest.raises(ImportFileError, match=message):
            preview_import(data)

    def test_too_many_rows_are_refused(self, settings):
        settings.LEARNER_IMPORT_MAX_ROWS = 2
        data = csv_bytes(*(f"P {n},p{n}@example.org,,Volunteer" for n in range(3)))
        with pytest.raises(ImportFileError, match="at most 2"):
            preview_import(data)

    def test_too_large_a_file_is_refused(self, settings):
        settings.LEARNER_IMPORT_MAX_BYTES = 100
        data = csv_bytes(*(f"P {n},p{n}@example.org,,Volunteer" for n in range(10)))
        with pytest.raises(ImportFileError, match="larger than"):
            preview_import(data)


@pytest.mark.django_db
class TestApply:
    ROWS = (
        "Amira Haddad,amira@example.org,North West,Volunteer",
        "Li Wei,li@example.org,Wales,Caseworker",
        "No Email,,Wales,Volunteer",
        "Bad Role,bad@example.org,Wales,Wizard",
    )

    def test_good_rows_are_created_with_profile_and_groups(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            summary = apply_import(preview_import(csv_bytes(*self.ROWS)).rows)
        assert (summary.to_create, summary.existing, summary.errors) == (2, 0, 2)
        amira = User.objects.get(username="amira@example.org")
        assert amira.email == "amira@example.org"
        assert amira.get_full_name() == "Amira Haddad"
        assert not amira.has_usable_password()
        assert amira.is_active
        profile = amira.learner_profile
        assert (profile.region, profile.role) == ("North West", Role.VOLUNTEER)
        assert profile.imported_at is not None
        li = User.objects.get(username="li@example.org")
        assert set(li.groups.values_list("name", flat=True)) == {"Staff", "Caseworkers"}
        assert li.learner_profile.role == Role.CASEWORKER
        assert sorted(m.to[0] for m in mailoutbox) == ["amira@example.org", "li@example.org"]
        assert not User.objects.filter(username="bad@example.org").exists()

    def test_applying_twice_creates_nobody_twice(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        rows = preview_import(csv_bytes(*self.ROWS)).rows
        with django_capture_on_commit_callbacks(execute=True):
            apply_import([row.to_dict() for row in rows])
        count = User.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            second = apply_import([row.to_dict() for row in rows])
        assert User.objects.count() == count
        assert [row.outcome for row in second.rows[:2]] == [RowOutcome.EXISTS] * 2
        assert len(mailoutbox) == 2  # nobody is invited twice either

    def test_without_invitations_no_email_is_sent(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            apply_import(preview_import(csv_bytes(*self.ROWS)).rows, invite=False)
        assert User.objects.filter(username="amira@example.org").exists()
        assert mailoutbox == []
        assert LearnerProfile.objects.get(user__username="amira@example.org").invited_at is None


@pytest.mark.django_db
class TestImportCommand:
    def write(self, tmp_path, data):
        path = tmp_path / "learners.csv"
        path.write_bytes(data)
        return path

    def test_dry_run_lists_every_row_and_writes_nothing(self, tmp_path, capsys):
        path = self.write(tmp_path, csv_bytes(*TestApply.ROWS))
        call_command("import_learners", str(path), "--dry-run")
        out = capsys.readouterr().out
        assert "row    2  amira@example.org" in out
        assert "Will be created" in out
        assert "The email is missing" in out
        assert "Unknown role 'Wizard'" in out
        assert "2 would be created, 0 already existed, 2 not imported" in out
        assert not User.objects.filter(username="amira@example.org").exists()

    def test_import_creates_and_invites_then_reports_existing(
        self, tmp_path, capsys, mailoutbox, django_capture_on_commit_callbacks
    ):
        path = self.write(tmp_path, csv_bytes(*TestApply.ROWS))
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_learners", str(path))
        assert "2 created, 0 already existed, 2 not imported. 2 invitations sent." in (
            capsys.readouterr().out
        )
        assert len(mailoutbox) == 2
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_learners", str(path), "--no-invite")
        assert "0 created, 2 already existed" in capsys.readouterr().out
        assert len(mailoutbox) == 2

    def test_unreadable_file_is_a_command_error(self, tmp_path):
        path = self.write(tmp_path, b"nothing,useful\n1,2\n")
        with pytest.raises(CommandError, match="Missing: name, email, role"):
            call_command("import_learners", str(path))
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("import_learners", str(tmp_path / "missing.csv"))
