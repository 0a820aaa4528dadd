"""
Module packages in the Wagtail admin: "Export as package" on modules, and the import in three
steps (upload, preview of the mapping and of what is missing, confirm), with its permissions and
its answers to bad files (a clear message, 400, nothing changed).
"""

import io

import pytest
from django.core.files.storage import default_storage

from modules.models import LessonPage, QuizPage, QuizRandomDraw, TrainingModulePage
from packages.admin_views import STAGING_DIRECTORY
from packages.exporting import export_module
from packages.format import read_package
from packages.services import import_package
from quizzes.models import Question, QuestionCategory
from tests.content.pathway_builders import build_indicator
from tests.factories import build_module
from tests.factories.questions import build_quiz, category, scenario, single_choice

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/module-packages/import/"


@pytest.fixture
def scenario_module(catalogue):
    """A module whose scenario names referral pathway steps this site does not have.

    Its indicators are in the library, so they map by key.
    """
    for key in ("documents-held", "lives-at-workplace"):
        build_indicator(key)
    module = build_module(catalogue, slug="spot-the-signs", lessons=1)
    build_quiz(module, [scenario()])
    return module


@pytest.fixture
def package_bytes(scenario_module):
    return export_module(scenario_module)


def staged_files():
    try:
        return default_storage.listdir(STAGING_DIRECTORY)[1]
    except FileNotFoundError:
        return []


def upload(client, data, name="module.zip"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT_URL, {"package": file})


class TestExport:
    def test_trainer_downloads_the_module_as_a_package(self, client_for, trainer, scenario_module):
        response = client_for(trainer).get(f"/admin/module-packages/export/{scenario_module.pk}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert 'filename="spot-the-signs.zip"' in response["Content-Disposition"]
        package = read_package(response.content)
        assert package.manifest["module"]["fields"]["title"] == scenario_module.title

    def test_button_on_the_module_page_and_in_the_listing_more_menu(
        self, client_for, trainer, catalogue, scenario_module
    ):
        client = client_for(trainer)
        export_url = f"/admin/module-packages/export/{scenario_module.pk}/"
        edit = client.get(f"/admin/pages/{scenario_module.pk}/edit/").content.decode()
        assert export_url in edit and "Export as package" in edit
        listing = client.get(f"/admin/pages/{catalogue.pk}/").content.decode()
        assert export_url in listing

    def test_no_button_on_a_lesson(self, client_for, trainer, scenario_module):
        lesson = LessonPage.objects.child_of(scenario_module).get()
        edit = client_for(trainer).get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
        assert "Export as package" not in edit

    def test_not_a_module_is_404(self, client_for, trainer, scenario_module):
        lesson = LessonPage.objects.child_of(scenario_module).get()
        response = client_for(trainer).get(f"/admin/module-packages/export/{lesson.pk}/")
        assert response.status_code == 404

    def test_manager_who_cannot_edit_pages_is_refused(self, client_for, manager, scenario_module):
        client = client_for(manager)
        response = client.get(f"/admin/module-packages/export/{scenario_module.pk}/")
        assert response.status_code == 403
        assert "You may not export this module" in response.content.decode()

    def test_learner_is_refused(self, client_for, volunteer, scenario_module):
        response = client_for(volunteer).get(f"/admin/module-packages/export/{scenario_module.pk}/")
        assert response.status_code == 302 and "/login/" in response.url


class TestImport:
    def test_upload_preview_confirm_makes_a_draft(self, client_for, trainer, package_bytes):
        client = client_for(trainer)
        assert client.get(IMPORT_URL).status_code == 200
        modules_before = TrainingModulePage.objects.count()
        questions_before = Question.objects.count()

        preview = upload(client, package_bytes)
        assert preview.status_code == 200
        html = preview.content.decode()
        # The preview: where it lands, how references map, and what is missing here.
        assert "spot-the-signs-2" in html  # the slug is taken on this site
        assert "Referral pathway steps" in html
        assert "adults:speak-privately" in html and "MISSING on this site" in html
        assert "Missing:" in html
        # Nothing written yet.
        assert TrainingModulePage.objects.count() == modules_before
        assert Question.objects.count() == questions_before
        assert len(staged_files()) == 1

        response = client.post(preview.context["confirm_url"])
        assert response.status_code == 302
        imported = TrainingModulePage.objects.get(slug="spot-the-signs-2")
        assert response.url == f"/admin/pages/{imported.pk}/edit/"
        assert not imported.live and imported.has_unpublished_changes
        assert Question.objects.count() == questions_before + 1
        assert staged_files() == []
        # The confirmation cannot be replayed.
        again = client.post(preview.context["confirm_url"])
        assert again.status_code == 400
        assert "expired or was already used" in again.content.decode()
        assert TrainingModulePage.objects.count() == modules_before + 1

    def test_local_content_is_never_overwritten(self, client_for, trainer, scenario_module):
        original = scenario_module.title
        data = export_module(scenario_module)
        client = client_for(trainer)
        preview = upload(client, data)
        client.post(preview.context["confirm_url"])
        scenario_module.refresh_from_db()
        assert scenario_module.title == original and scenario_module.live
        assert TrainingModulePage.objects.filter(title=original).count() == 2

    def test_cancel_imports_nothing_and_removes_the_upload(
        self, client_for, trainer, package_bytes
    ):
        client = client_for(trainer)
        before = TrainingModulePage.objects.count()
        preview = upload(client, package_bytes)
        response = client.post(preview.context["confirm_url"], {"cancel": "1"})
        assert response.status_code == 302 and response.url == IMPORT_URL
        assert TrainingModulePage.objects.count() == before
        assert staged_files() == []

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"this is not a zip", "not a zip file"),
            (b"PK\x03\x04 damaged", "not a zip file"),
        ],
    )
    def test_bad_file_is_400_with_the_reason_and_changes_nothing(
        self, client_for, trainer, catalogue, data, message
    ):
        before = (TrainingModulePage.objects.count(), Question.objects.count())
        response = upload(client_for(trainer), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert (TrainingModulePage.objects.count(), Question.objects.count()) == before
        assert staged_files() == []

    def test_zip_without_manifest_is_400(self, client_for, trainer, catalogue):
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        response = upload(client_for(trainer), buffer.getvalue())
        assert response.status_code == 400
        assert "a module package does not have: “notes.txt”" in response.content.decode()
        assert staged_files() == []

    def test_oversized_file_is_400(self, client_for, trainer, package_bytes, settings):
        settings.MODULE_PACKAGE_MAX_BYTES = 100
        response = upload(client_for(trainer), package_bytes)
        assert response.status_code == 400
        assert "larger than" in response.content.decode()
        assert staged_files() == []

    def test_no_file_is_400(self, client_for, trainer, catalogue):
        response = client_for(trainer).post(IMPORT_URL, {})
        assert response.status_code == 400
        assert "This field is required" in response.content.decode()

    def test_another_users_upload_cannot_be_confirmed(
        self, client_for, trainer, superuser, package_bytes
    ):
        preview = upload(client_for(trainer), package_bytes)
        before = TrainingModulePage.objects.count()
        response = client_for(superuser).post(preview.context["confirm_url"])
        assert response.status_code == 400
        assert "upload it again" in response.content.decode()
        assert TrainingModulePage.objects.count() == before

    def test_get_on_confirm_imports_nothing(self, client_for, trainer, package_bytes):
        client = client_for(trainer)
        preview = upload(client, package_bytes)
        before = TrainingModulePage.objects.count()
        response = client.get(preview.context["confirm_url"])
        assert response.status_code == 302
        assert TrainingModulePage.objects.count() == before

    def test_manager_is_refused_and_sees_no_menu_item(self, client_for, manager, package_bytes):
        client = client_for(manager)
        refused = client.get(IMPORT_URL)
        assert refused.status_code == 403
        assert "You may not import modules" in refused.content.decode()
        assert upload(client, package_bytes).status_code == 403
        assert IMPORT_URL not in client.get("/admin/").content.decode()
        assert staged_files() == []

    def test_trainer_sees_the_menu_item(self, client_for, trainer, catalogue):
        assert IMPORT_URL in client_for(trainer).get("/admin/").content.decode()


def test_a_random_draw_exports_the_quizs_own_language_only(catalogue):
    """A category holds a question's translations too: the package takes the quiz's language."""
    from wagtail.models import Locale

    from modules.models import QuizRandomDraw
    from tests.factories.questions import category, single_choice

    signs = category("Signs")
    english = single_choice(key="who-refers", category=signs)
    welsh = english.copy_for_translation(Locale.objects.get(language_code="cy"))
    welsh.title = "Pwy sy'n atgyfeirio i'r NRM?"
    welsh.save()
    module = build_module(catalogue, slug="drawn", lessons=1)
    quiz = build_quiz(module, [])
    QuizRandomDraw.objects.create(page=quiz, category=signs, count=1)

    questions = read_package(export_module(module)).manifest["questions"]
    assert [(q["ref"], q["fields"]["title"]) for q in questions] == [("who-refers", english.title)]


def test_an_ordering_questions_right_order_survives_the_round_trip(catalogue):
    """The sort order is an ordering question's answer: an import keeps the package's order.

    The steps are saved in one order and then reordered, so the right order is not the order
    of their ids; an import that left the sort order empty would lose it.
    """
    from modules.models import QuizPage
    from packages.services import import_package
    from tests.factories.questions import ordering

    question = ordering(key="first-steps", steps=("Notice", "Call 999", "Record", "Tell"))
    for position, item in enumerate(question.items.order_by("-pk")):
        item.sort_order = position
        item.save()
    right_order = ["Tell", "Record", "Call 999", "Notice"]
    module = build_module(catalogue, slug="first-steps", lessons=1)
    build_quiz(module, [question])
    package = read_package(export_module(module))
    module.delete()
    question.delete()

    imported, _plan = import_package(package)

    row = QuizPage.objects.child_of(imported).get().quiz_questions.get()
    copy = row.question.get_real_instance()
    items = list(copy.items.all())
    assert [item.text for item in items] == right_order
    assert [item.sort_order for item in items] == [0, 1, 2, 3]


def test_the_preview_says_what_becomes_of_each_translation(client_for, trainer, package_bytes):
    from packages.format import write_package

    package = read_package(package_bytes)
    manifest = package.manifest
    manifest["module"]["translations"] = [
        {"locale": "cy", "fields": {}, "strings": [["title", "Spot the signs", "Sylwi"]]},
        {"locale": "xx", "fields": {}, "strings": [["title", "Spot the signs", "Xx"]]},
    ]
    edited = write_package(manifest, package.images)
    client = client_for(trainer)

    html = upload(client, edited).content.decode()

    assert '<h2 class="w-h2">Translations</h2>' in html
    assert "Translation cy: not imported (this site has no catalogue in it)." in html
    assert "Translation xx: not imported (this site has no such language)." in html


def test_imported_questions_never_join_a_pool_a_live_quiz_draws_from(catalogue):
    """Importing a module next to its own source leaves the source quiz's draw pool alone."""
    signs = category("Signs")
    single_choice(key="who-refers", category=signs)
    module = build_module(catalogue, slug="drawn", lessons=1)
    quiz = build_quiz(module, [])
    QuizRandomDraw.objects.create(page=quiz, category=signs, count=1)
    package = read_package(export_module(module))

    imported, plan = import_package(package)

    assert list(signs.questions.values_list("key", flat=True)) == ["who-refers"]
    pool = QuestionCategory.objects.get(name="Signs (drawn-2)")
    assert list(pool.questions.values_list("key", flat=True)) == ["who-refers-2"]
    draw = QuizPage.objects.child_of(imported).get().random_draws.get()
    assert draw.category == pool
    assert "question pool “Signs” is in use here: its questions go to “Signs (drawn-2)”" in (
        plan.lines()
    )
