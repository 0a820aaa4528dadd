"""``load_training_content``: builds the real default content, and is safe to run twice."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from content.demo.loader import ContentDataError, lesson_stream_data, read_module_files
from content.demo.quizzes import read_quiz_files
from modules.models import LessonPage, TrainingCatalogPage, TrainingModulePage
from pathways.models import HelpContact
from quizzes.models import (
    MatchingPair,
    MultipleChoiceOption,
    OrderingQuestion,
    SingleChoiceOption,
)

#: The steps of each ordering question as the quiz files write them (their right order).
FILE_STEPS = {
    q["key"]: q["items"]
    for quiz in read_quiz_files()
    for q in quiz["questions"]
    if q["type"] == "ordering"
}


def load():
    call_command("load_training_content", verbosity=0, stdout=StringIO())


@pytest.fixture
def loaded(default_content, db):
    """The default content, loaded once for this file (tests/conftest.py)."""


@pytest.mark.django_db
class TestLoader:
    def test_catalogue_replaces_welcome_page_as_site_root(self, loaded):
        site = Site.objects.get(is_default_site=True)
        assert isinstance(site.root_page.specific, TrainingCatalogPage)
        root_children = Page.get_first_root_node().get_children()
        # One catalogue per language: the English site root and its Welsh translation.
        assert [p.specific_class for p in root_children] == [TrainingCatalogPage] * 2
        assert {p.locale.language_code for p in root_children} == {"en-gb", "cy"}
        assert site.root_page.locale.language_code == "en-gb"

    def test_both_modules_at_their_contract_urls(self, loaded, client_for, superuser):
        client = client_for(superuser)
        for url in ("/", "/general-awareness/", "/caseworker-training/"):
            assert client.get(url).status_code == 200, url

    def test_modules_have_at_least_six_published_lessons(self, loaded):
        for slug in ("general-awareness", "caseworker-training"):
            module = TrainingModulePage.objects.get(locale__language_code="en-gb", slug=slug)
            assert module.live
            assert LessonPage.objects.live().child_of(module).count() >= 6

    def test_caseworker_module_audience_and_prerequisite(self, loaded):
        module = TrainingModulePage.objects.get(
            locale__language_code="en-gb", slug="caseworker-training"
        )
        assert [g.name for g in module.audience.all()] == ["Caseworkers"]
        assert [m.slug for m in module.prerequisites.all()] == ["general-awareness"]
        general = TrainingModulePage.objects.get(
            locale__language_code="en-gb", slug="general-awareness"
        )
        assert list(general.audience.all()) == []

    def test_every_lesson_page_renders(self, loaded, client_for, superuser):
        client = client_for(superuser)
        for lesson in LessonPage.objects.live():
            response = client.get(lesson.url)
            assert response.status_code == 200, lesson.url

    def test_running_twice_creates_nothing_twice(self, loaded):
        counts = (Page.objects.count(), HelpContact.objects.count())
        load()
        assert (Page.objects.count(), HelpContact.objects.count()) == counts

    def test_every_options_steps_and_pairs_are_numbered_in_the_files_order(self, loaded):
        """An ordering question's right order is its steps' sort order, in both languages."""
        ordering = list(OrderingQuestion.objects.select_related("locale"))
        assert {q.key for q in ordering if q.locale.language_code == "en-gb"} == set(FILE_STEPS)
        for question in ordering:
            items = list(question.items.all())
            assert [item.sort_order for item in items] == list(range(len(items))), question.key
            if question.locale.language_code == "en-gb":
                assert [item.text for item in items] == FILE_STEPS[question.key]
        for model in (SingleChoiceOption, MultipleChoiceOption, MatchingPair):
            assert not model.objects.filter(sort_order__isnull=True).exists(), model.__name__

    def test_trainer_edits_survive_a_second_run(self, loaded):
        lesson = LessonPage.objects.get(locale__language_code="en-gb", slug="what-trafficking-is")
        lesson.title = "Edited by a trainer"
        lesson.save_revision().publish()
        module = TrainingModulePage.objects.get(
            locale__language_code="en-gb", slug="general-awareness"
        )
        own = module.add_child(
            instance=LessonPage(title="A trainer's own lesson", slug="own", body="[]")
        )
        load()
        assert LessonPage.objects.get(pk=lesson.pk).title == "Edited by a trainer"
        assert LessonPage.objects.filter(pk=own.pk).exists()

    def test_refresh_publishes_files_as_new_revision_and_keeps_history(self, loaded):
        lesson = LessonPage.objects.get(locale__language_code="en-gb", slug="what-trafficking-is")
        lesson.title = "Edited by a trainer"
        lesson.save_revision().publish()
        revisions = lesson.revisions.count()
        call_command("load_training_content", refresh=True, stdout=StringIO())
        lesson.refresh_from_db()
        assert lesson.title != "Edited by a trainer"
        assert lesson.revisions.count() == revisions + 1

    def test_help_contacts_include_999_and_the_helpline(self, loaded):
        english = HelpContact.objects.filter(locale__language_code="en-gb")
        assert {"999", "08000 121 700"} <= set(english.values_list("phone", flat=True))
        assert english.get(phone="999").is_emergency

    def test_the_help_contacts_are_in_welsh_on_welsh_pages(self, loaded, client_for, volunteer):
        english = HelpContact.objects.filter(locale__language_code="en-gb")
        welsh = HelpContact.objects.filter(locale__language_code="cy")
        # The same numbers, flags and order, each paired with its English contact.
        assert sorted(welsh.values_list("translation_key", "phone", "is_emergency")) == sorted(
            english.values_list("translation_key", "phone", "is_emergency")
        )
        footer = client_for(volunteer).get("/cy/my-training/").content.decode().split("<footer")[1]
        assert "Llinell Gymorth Caethwasiaeth Fodern a Chamfanteisio" in footer
        assert "Modern Slavery &amp; Exploitation Helpline" not in footer
        assert 'href="tel:999"' in footer and 'href="tel:08000121700"' in footer


def test_unknown_block_type_is_a_clear_error():
    with pytest.raises(ContentDataError, match="unknown block type 'poster'"):
        lesson_stream_data([{"type": "poster"}])


def test_unknown_indicator_category_is_a_clear_error():
    block = {
        "type": "indicator_cards",
        "title": "t",
        "cards": [{"sign": "s", "category": "vibes", "explanation": "e"}],
    }
    with pytest.raises(ContentDataError, match="unknown indicator category"):
        lesson_stream_data([block])


def test_broken_toml_names_the_file(tmp_path):
    folder = tmp_path / "broken"
    (folder / "lessons").mkdir(parents=True)
    (folder / "module.toml").write_text('title = "unterminated')
    with pytest.raises(ContentDataError, match="module.toml"):
        read_module_files(tmp_path)


# Content quality: the default content is part of the product.

TAG = re.compile(r"<[^>]+>")
FORBIDDEN = re.compile(r"lorem ipsum|\bTODO\b|\bTBC\b|placeholder", re.IGNORECASE)


def words(value):
    if isinstance(value, str):
        return len(TAG.sub(" ", value).split())
    if isinstance(value, list):
        return sum(words(v) for v in value)
    if isinstance(value, dict):
        return sum(words(v) for k, v in value.items() if k not in {"type", "style", "category"})
    return 0


MODULES = read_module_files()
LESSONS = [(m["slug"], lesson) for m in MODULES for lesson in m["lessons"]]


def test_two_default_modules_with_six_lessons_each():
    assert {m["slug"]: len(m["lessons"]) >= 6 for m in MODULES} == {
        "general-awareness": True,
        "caseworker-training": True,
    }


@pytest.mark.parametrize(
    "module_slug,lesson", LESSONS, ids=[lesson["slug"] for _, lesson in LESSONS]
)
def test_lesson_has_400_words_and_several_block_types(module_slug, lesson):
    assert words(lesson["body"]) >= 400
    assert len({block["type"] for block in lesson["body"]}) >= 4
    assert [block["type"] for block in lesson["body"][-2:]] == ["key_points", "sources"]


@pytest.mark.parametrize(
    "module_slug,lesson", LESSONS, ids=[lesson["slug"] for _, lesson in LESSONS]
)
def test_lesson_has_no_filler(module_slug, lesson):
    assert not FORBIDDEN.search(repr(lesson))


def test_content_teaches_the_facts_that_are_often_wrong():
    text = repr(MODULES)
    assert "08000 121 700" in text
    assert "Modern Slavery & Exploitation Helpline" in text
    assert "45 days" not in text or "30 days" in text
    assert "999" in text
    assert "not a First Responder" in text
