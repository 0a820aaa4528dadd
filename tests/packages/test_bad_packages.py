"""A file that is not a module package is refused with a clear message and nothing written."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from modules.models import TrainingModulePage
from packages.exporting import export_module
from packages.format import FORMAT_NAME, PackageError, read_package
from packages.services import import_package
from quizzes.models import Question
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def manifest(**changes):
    data = {"format": FORMAT_NAME, "version": 1, "module": {}, "pages": [], "questions": []}
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a zip file"),
        (zipped({"other.txt": "x"}), "does not have"),
        (zipped({"manifest.json": manifest(version=99)}), "version 99"),
        (zipped({"manifest.json": "{"}), "not valid JSON"),
        (zipped({"manifest.json": manifest(), "../evil.png": "x"}), "unsafe name"),
        (zipped({"manifest.json": manifest(), "/etc/evil.png": "x"}), "unsafe name"),
        (
            zipped(
                {
                    "manifest.json": manifest(images=[{"file": "images/1.png"}]),
                    "images/1.png": "not an image",
                }
            ),
            "cannot be read",
        ),
    ],
)
def test_bad_package_is_refused_with_a_reason(data, message):
    with pytest.raises(PackageError, match=message):
        read_package(data)


def test_oversized_package_is_refused(settings):
    settings.MODULE_PACKAGE_MAX_BYTES = 100
    with pytest.raises(PackageError, match="larger than"):
        read_package(b"x" * 101)


@pytest.mark.django_db
def test_import_command_refuses_a_bad_file_and_writes_nothing(tmp_path, catalogue):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip file"):
        call_command("import_module", str(path), "--yes")
    assert not TrainingModulePage.objects.exists()
    assert not Question.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "translations",
    [
        "cy",
        [{"strings": []}],
        [{"locale": "cy", "strings": "Croeso"}],
        [{"locale": "cy", "strings": [["title", "Welcome"]]}],
        [{"locale": "cy", "strings": [["title", "Welcome", 7]]}],
    ],
)
def test_a_damaged_translations_section_is_refused_and_nothing_written(catalogue, translations):
    package = read_package(
        zipped(
            {
                "manifest.json": manifest(
                    module={
                        "type": "modules.trainingmodulepage",
                        "fields": {"title": "Awareness", "slug": "awareness"},
                        "translations": translations,
                    }
                )
            }
        )
    )
    with pytest.raises(PackageError, match="damaged “translations” section"):
        import_package(package)
    assert not TrainingModulePage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda entry: entry["fields"].update(title="x" * 300), "who-refers: title: "),
        (lambda entry: entry["fields"].update(title=""), "who-refers: title: "),
        (lambda entry: entry["fields"].update(key="not a key!"), "who-refers: key: "),
        (
            lambda entry: entry["children"]["options"][0].update(text="y" * 2000),
            "who-refers, options 1: text: ",
        ),
    ],
)
def test_a_value_this_sites_form_would_refuse_is_refused_by_name(catalogue, change, message):
    """A hand-edited question is checked like a form: a clear reason, nothing written."""
    module = build_module(catalogue, slug="checked", lessons=1)
    build_quiz(module, [single_choice(key="who-refers")])
    package = read_package(export_module(module))
    (entry,) = package.manifest["questions"]
    change(entry)
    pages, questions = TrainingModulePage.objects.count(), Question.objects.count()

    with pytest.raises(PackageError, match=f"refused the package's content: {message}"):
        import_package(package)

    assert TrainingModulePage.objects.count() == pages
    assert Question.objects.count() == questions


@pytest.mark.django_db
@pytest.mark.parametrize("body", [["not a block"], "not a list of blocks", [None]])
def test_a_damaged_block_of_content_is_refused_before_anything_is_written(catalogue, body):
    module = build_module(catalogue, slug="blocks", lessons=1)
    package = read_package(export_module(module))
    lesson = next(entry for entry in package.manifest["pages"] if "body" in entry["fields"])
    lesson["fields"]["body"] = body
    pages = TrainingModulePage.objects.count()

    with pytest.raises(PackageError, match="damaged block of content"):
        import_package(package)

    assert TrainingModulePage.objects.count() == pages
