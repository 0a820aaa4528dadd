"""
Freshness stamps: every successful write replaces the token of what it touched.

A learner's own writes on the learner site replace only their token; everything else (the
admin, commands, shared tables) replaces the shared ``content`` token. A rolled-back write
replaces nothing.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from elearning import freshness
from modules import services
from modules.models import Enrolment, LessonPage


def tokens(user):
    return freshness.read_tokens(connection, freshness.CONTENT, freshness.learner_scope(user.pk))


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "modules_lessonprogress" ("a") VALUES (%s)', "modules_lessonprogress"),
        ('INSERT OR IGNORE INTO "quizzes_quizattempt" ("a") VALUES (?)', "quizzes_quizattempt"),
        ('  update "modules_enrolment" SET "x" = 1', "modules_enrolment"),
        ('DELETE FROM "auth_user_groups" WHERE 1', "auth_user_groups"),
        ('TRUNCATE "wagtailcore_page", "auth_user";', "wagtailcore_page"),
        ("REPLACE INTO certificates_certificate VALUES (1)", "certificates_certificate"),
        ('SELECT "id" FROM "modules_enrolment"', None),
        ("SAVEPOINT s1", None),
        ('SELECT 1 FROM x WHERE y = "INSERT INTO z"', None),
    ],
)
def test_written_table(sql, table):
    assert freshness.written_table(sql) == table


def test_only_declared_learner_tables_are_learner_records():
    tables = freshness.learner_tables()
    assert {"modules_enrolment", "modules_lessonprogress", "quizzes_quizattempt"} <= tables
    assert {"quizzes_questionresponse", "certificates_certificate"} <= tables
    assert "learners_learnerprofile" in tables
    # The account and its groups are read from the content memo: their writes are shared ones.
    assert "auth_user" not in tables and "auth_user_groups" not in tables
    assert "wagtailcore_page" not in tables and "content_helpcontact" not in tables


@pytest.mark.django_db
class TestWhoseTokenChanges:
    def test_a_learners_own_post_changes_only_their_token(
        self, client_for, volunteer, caseworker, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        client = client_for(volunteer)  # signing in is a write of its own (last login)
        mine, theirs = tokens(volunteer), tokens(caseworker)
        client.post(lesson.url, {"action": "complete"})
        assert Enrolment.objects.filter(user=volunteer).exists()
        after = tokens(volunteer)
        assert after[0] == mine[0]  # shared content untouched
        assert after[1] != mine[1]
        assert tokens(caseworker) == theirs

    def test_writes_outside_a_learner_request_change_the_shared_token(
        self, volunteer, general_module
    ):
        before = tokens(volunteer)
        lesson = LessonPage.objects.child_of(general_module).first()
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
        assert tokens(volunteer)[0] != before[0]

    def test_admin_writes_change_the_shared_token(self, client_for, superuser, volunteer):

        from learners.models import LearnerProfile

        client = client_for(superuser)
        before = tokens(volunteer)
        profile = LearnerProfile.objects.get(user=volunteer)
        response = client.post(f"/admin/learners/{profile.pk}/deactivate/", {"confirm": "on"})
        assert response.status_code == 302
        volunteer.refresh_from_db()
        assert not volunteer.is_active
        after = tokens(volunteer)
        assert after[0] != before[0]

    def test_a_learner_writing_a_shared_table_changes_the_shared_token(self, volunteer):
        before = tokens(volunteer)
        with freshness.writing_as_learner(volunteer.pk) as writer:
            from wagtail.models import Locale

            Locale.objects.get_or_create(language_code="fr")
        assert writer.wrote_shared and not writer.wrote_own_records
        assert tokens(volunteer) == (tokens(volunteer)[0], before[1])
        assert tokens(volunteer)[0] != before[0]

    def test_a_management_command_changes_the_shared_token(self, volunteer, catalogue):
        before = tokens(volunteer)
        call_command("createsuperuser", username="ops", email="ops@example.org", interactive=False)
        assert tokens(volunteer)[0] != before[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestCommittedTransactions:
    """Outside a test case's transaction: the token changes when the write commits, not before."""

    def test_the_token_changes_at_commit(self, volunteer, general_module):
        from django.db import transaction

        lesson = LessonPage.objects.child_of(general_module).first()
        before = tokens(volunteer)
        with transaction.atomic():
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
            assert tokens(volunteer) == before  # nothing is visible before the commit
            assert sum(isinstance(c, freshness._Bump) for _, c, _r in connection.run_on_commit) == 1
        assert tokens(volunteer)[0] != before[0]

    def test_a_rolled_back_transaction_changes_nothing(self, volunteer, general_module):
        from django.db import transaction

        lesson = LessonPage.objects.child_of(general_module).first()
        before = tokens(volunteer)
        with pytest.raises(RuntimeError), transaction.atomic():
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
            raise RuntimeError("cancelled")
        assert tokens(volunteer) == before
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
        assert tokens(volunteer)[0] != before[0]

    def test_a_learners_post_changes_their_token_by_the_time_they_see_the_next_page(
        self, client_for, volunteer, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        client = client_for(volunteer)
        client.get(general_module.url)
        client.get(general_module.url)
        before = tokens(volunteer)
        response = client.post(lesson.url, {"action": "complete"})
        assert response.status_code == 302
        assert tokens(volunteer)[1] != before[1]
        assert b"Completed" in client.get(general_module.url).content


def table_tokens(user):
    scopes = (freshness.CONTENT, freshness.learner_scope(user.pk))
    found = freshness._read_table(connection, scopes)
    return tuple(found[scope] for scope in scopes)


@pytest.mark.django_db
class TestStampsInASharedCache:
    """``FRESHNESS_STAMP_CACHE_ALIAS``: the cache answers, the table stays the record."""

    def test_tokens_read_once_from_the_table_then_from_the_cache(self, stamp_cache, volunteer):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            read = tokens(volunteer)
        with CaptureQueriesContext(connection) as again:
            assert tokens(volunteer) == read
        assert len(first) == 1 and len(again) == 0
        assert read == table_tokens(volunteer)

    def test_after_a_write_the_token_read_agrees_with_the_table(
        self, stamp_cache, client_for, volunteer, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        client = client_for(volunteer)
        before = tokens(volunteer)
        client.post(lesson.url, {"action": "complete"})
        after = tokens(volunteer)
        assert after[1] != before[1] and after[0] == before[0]
        assert after == table_tokens(volunteer)
        services.mark_lesson_complete(
            user=volunteer, lesson=LessonPage.objects.child_of(general_module).last()
        )
        assert tokens(volunteer)[0] != after[0]
        assert tokens(volunteer) == table_tokens(volunteer)

    def test_an_evicted_token_is_read_from_the_table(self, stamp_cache, volunteer):
        tokens(volunteer)
        freshness.bump(connection, freshness.learner_scope(volunteer.pk))
        expected = table_tokens(volunteer)
        stamp_cache.clear()  # Redis evicted or restarted
        assert tokens(volunteer) == expected

    def test_an_unreachable_cache_falls_back_to_the_table(self, settings, volunteer):
        settings.CACHES = {
            **settings.CACHES,
            "stamps": {"BACKEND": "tests.elearning.broken_cache.UnreachableCache"},
        }
        settings.FRESHNESS_STAMP_CACHE_ALIAS = "stamps"
        before = tokens(volunteer)
        freshness.bump(connection, freshness.CONTENT)  # the table is written all the same
        after = tokens(volunteer)
        assert after == table_tokens(volunteer)
        assert after[0] != before[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cached_token_changes_at_commit_not_before(stamp_cache, volunteer, general_module):
    from django.db import transaction

    lesson = LessonPage.objects.child_of(general_module).first()
    before = tokens(volunteer)
    with transaction.atomic():
        services.mark_lesson_complete(user=volunteer, lesson=lesson)
        assert tokens(volunteer) == before
    assert tokens(volunteer)[0] != before[0]
    assert tokens(volunteer) == table_tokens(volunteer)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_never_puts_back_an_older_token(stamp_cache, volunteer):
    """A reader that read the table before a write adds its token only if none is there."""
    stamp_cache.clear()
    read_before_the_write = freshness._read_table(connection, [freshness.CONTENT])
    freshness.bump(connection, freshness.CONTENT)  # a writer, between the read and the add
    freshness._remember(stamp_cache, read_before_the_write)
    assert tokens(volunteer)[0] == table_tokens(volunteer)[0]
    assert tokens(volunteer)[0] != read_before_the_write[freshness.CONTENT]


def stamp_upserts(captured):
    return [q["sql"] for q in captured if q["sql"].startswith(f"INSERT INTO {freshness.TABLE}")]


@pytest.mark.django_db
class TestUnreadTokenInATestTransaction:
    """Inside a test case's transaction a token nobody has read yet is not replaced again.

    Every upsert of one row inside one transaction leaves PostgreSQL another row version to
    step over; loading the default content wrote the ``content`` stamp thousands of times.
    """

    def write(self, name):
        from wagtail.models import Locale

        Locale.objects.create(language_code=name)

    def test_writes_after_an_unread_bump_do_not_upsert_again(self, volunteer):
        from django.test.utils import CaptureQueriesContext

        before = tokens(volunteer)
        with CaptureQueriesContext(connection) as captured:
            self.write("fr")
            self.write("de")
            self.write("es")
        assert len(stamp_upserts(captured)) == 1
        assert tokens(volunteer)[0] != before[0]

    def test_a_write_after_a_read_replaces_the_token_again(self, volunteer):
        self.write("fr")
        seen = tokens(volunteer)[0]
        self.write("de")
        assert tokens(volunteer)[0] != seen

    def test_a_rolled_back_bump_is_replaced_by_the_next_write(self, volunteer):
        from django.db import transaction

        seen = tokens(volunteer)[0]
        with pytest.raises(RuntimeError), transaction.atomic():
            self.write("fr")  # bumps, then the savepoint is rolled back: the old token is back
            raise RuntimeError
        self.write("de")  # nothing read in between: only the table shows the bump is gone
        assert tokens(volunteer)[0] != seen
