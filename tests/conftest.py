"""
Shared fixtures: the site with its catalogue, the two modules as in DESIGN.md, a user per role
and signed-in clients.

The default modules here are small builder-made copies (3 lessons each) so that tests are fast
and independent of the default content; ``tests/content`` tests the real content loader.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Page, Site

from learners.roles import Role
from tests.factories import TrainingCatalogPageFactory, UserFactory, build_module


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put back the rows the migrations wrote.

    A transactional test (``django_db(transaction=True)``) empties every table when it ends, the
    rows Wagtail's and our migrations wrote included (the default locale, the root page, the role
    groups). pytest-django runs such tests last for that reason, but a parallel run
    (``pytest -n 2``) hands whole files to each worker in turn, so an ordinary test can follow
    one. Writing the serialized rows back (Django keeps them for ``serialized_rollback``) leaves
    the database as the migrations made it for whatever test comes next.
    """
    outcome = yield
    marker = item.get_closest_marker("django_db")
    # After the last test the test databases are gone already (nothing follows to need them).
    if nextitem is not None and marker is not None and validate_django_db(marker)[0]:
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                rows = getattr(connection, "_test_serialized_contents", None)
                if rows:
                    connection.creation.deserialize_db_from_string(rows)
    return outcome


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in English: a request leaves its language active in the thread, and a
    page's address depends on the language it is reached from (elearning/languages.py)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with empty caches (rate-limit counters live there).

    The content memo goes too: a rolled-back test leaves the content stamp as it found it, so
    the next test's different content would otherwise meet answers kept under the same token.
    """
    from django.core.cache import cache

    from elearning import content_memo

    cache.clear()
    content_memo.forget_all()


@pytest.fixture(scope="module")
def default_content(django_db_setup, django_db_blocker):
    """The default training content, loaded once for a whole test file: the loader's report.

    ``load_training_content`` builds both modules, their quizzes and scenarios, the pathways,
    the indicator library and the Welsh translations: tens of seconds, too long to repeat for
    every test that reads them. It runs here inside a transaction that is rolled back when the
    file's tests are done. Each test runs inside it in a savepoint (pytest-django's ordinary
    test transaction), so what a test changes is undone and the next test finds the content as
    loaded. Tests use it through a function-scoped fixture that also asks for ``db``.
    """
    report = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_training_content", verbosity=0, stdout=report)
        yield report.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(db):
    """The training catalogue as the default site's root page (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    catalogue = TrainingCatalogPageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = catalogue
    site.save()
    old_root.delete()
    return catalogue


@pytest.fixture
def general_module(catalogue):
    return build_module(catalogue, slug="general-awareness", lessons=3)


@pytest.fixture
def caseworker_module(catalogue, general_module):
    return build_module(
        catalogue,
        slug="caseworker-training",
        lessons=3,
        audience=[Role.CASEWORKER],
        prerequisites=[general_module],
    )


@pytest.fixture
def volunteer(db):
    return UserFactory(username="volunteer", roles=[Role.VOLUNTEER])


@pytest.fixture
def staff_member(db):
    return UserFactory(username="staffer", roles=[Role.STAFF])


@pytest.fixture
def caseworker(db):
    return UserFactory(username="caseworker", roles=[Role.STAFF, Role.CASEWORKER])


@pytest.fixture
def trainer(db):
    return UserFactory(username="trainer", roles=[Role.STAFF, Role.TRAINER])


@pytest.fixture
def lead(db):
    """A trainer in "Training leads": approves (and so publishes) what trainers submit."""
    from django.contrib.auth.models import Group

    from learners.groups import TRAINING_LEADS_GROUP

    user = UserFactory(username="lead", roles=[Role.STAFF, Role.TRAINER])
    user.groups.add(Group.objects.get(name=TRAINING_LEADS_GROUP))
    return user


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", roles=[Role.STAFF, Role.TRAINING_MANAGER])


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client signed in as ``user``."""
    return signed_in


@pytest.fixture
def quiz_module(catalogue):
    """A module with two lessons and a quiz of one question of each type (pass mark 80%)."""
    from tests.factories.questions import build_quiz, one_of_each

    module = build_module(catalogue, slug="general-awareness", lessons=2)
    build_quiz(module, one_of_each())
    return module


@pytest.fixture
def quiz(quiz_module):
    from modules.models import QuizPage

    return QuizPage.objects.child_of(quiz_module).get()
