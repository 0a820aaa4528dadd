"""Content in Welsh: PO files loaded through wagtail-localize, the review mark, sync, approval."""

import random
from io import StringIO

import polib
import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from content.demo.loader import LoadReport
from content.demo.translations import TRANSLATIONS_DIR, translate_page
from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage
from quizzes.models import Question
from quizzes.services import QuizDefinition, start_attempt
from tests.factories.questions import category, single_choice


def po_file(**strings):
    po = polib.POFile()
    for english, welsh in strings.items():
        po.append(polib.POEntry(msgctxt="anything", msgid=english, msgstr=welsh))
    return po


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def welsh_lesson(catalogue, general_module, welsh, django_capture_on_commit_callbacks):
    """The first lesson translated from a PO file, as the loader does it."""
    report = LoadReport()
    lesson = LessonPage.objects.child_of(general_module).order_by("path").first()
    po = po_file(**{"A section": "Adran", "Paragraph 0.": "Paragraff 0.", "Lesson 1": "Gwers 1"})
    # wagtail-localize publishes, and the loader marks, when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(catalogue, welsh, po_file(), report=report)
        translate_page(general_module, welsh, po_file(), report=report)
        translated = translate_page(lesson, welsh, po, report=report)
    return LessonPage.objects.get(pk=translated.pk)


@pytest.mark.django_db
def test_a_po_file_publishes_a_welsh_lesson_marked_as_awaiting_review(
    welsh_lesson, client_for, volunteer
):
    assert welsh_lesson.live and welsh_lesson.awaiting_language_review
    assert welsh_lesson.url.startswith("/cy/general-awareness/")
    html = client_for(volunteer).get(welsh_lesson.url).content.decode()
    assert "<h1" in html and "Gwers 1" in html and "Paragraff 0." in html
    # Strings the file does not cover stay in English.
    assert "Paragraph 1." in html
    # The learner is told, and can read the original.
    assert 'class="untranslated-note review-note" role="note"' in html
    english = welsh_lesson.get_translation(Locale.get_default())
    assert f'<a href="{english.url}" lang="en-gb" hreflang="en-gb">' in html
    assert "review-note" not in client_for(volunteer).get(english.url).content.decode()


@pytest.mark.django_db
def test_strings_are_matched_by_english_text_and_recorded_as_a_draft(welsh_lesson):
    translation = Translation.objects.get(
        source__object_id=welsh_lesson.translation_key, target_locale=welsh_lesson.locale
    )
    welsh_strings = {e.msgid: e for e in translation.export_po() if e.msgstr}
    assert welsh_strings["A section"].msgstr == "Adran"
    assert set(welsh_strings) == {"A section", "Paragraph 0.", "Lesson 1"}


@pytest.mark.django_db
def test_loading_again_keeps_a_translation_trainers_may_have_edited(welsh_lesson, welsh):
    english = welsh_lesson.get_translation(Locale.get_default())
    report = LoadReport()
    kept = translate_page(english, welsh, po_file(**{"Lesson 1": "Newid"}), report=report)
    assert kept is None and report.kept
    assert LessonPage.objects.get(pk=welsh_lesson.pk).title == "Gwers 1"


@pytest.mark.django_db
def test_a_changed_english_source_marks_the_welsh_translation_out_of_date(welsh_lesson):
    english = welsh_lesson.get_translation(Locale.get_default()).specific
    source = TranslationSource.objects.get(object_id=english.translation_key)
    translation = source.translations.get(target_locale=welsh_lesson.locale)
    before_total, before_done = translation.get_progress()

    english.body = [*english.body.raw_data, {"type": "text", "value": "<p>A new fact.</p>"}]
    english.save_revision().publish()
    # What "Sync translated pages" in the admin does: read the English page again.
    source.update_from_db()

    total, done = translation.get_progress()
    assert (total, done) == (before_total + 1, before_done)
    editor_strings = {e.msgid: e.msgstr for e in translation.export_po()}
    assert editor_strings["A new fact."] == ""  # waiting for the translator
    # Until then learners keep the Welsh they had.
    assert "A new fact." not in str(LessonPage.objects.get(pk=welsh_lesson.pk).body.raw_data)


@pytest.mark.django_db
def test_trainer_approves_a_translation_and_the_note_goes(
    welsh_lesson, client_for, superuser, volunteer
):
    admin = client_for(superuser)
    listing = admin.get("/admin/language-review/")
    assert listing.status_code == 200 and "Gwers 1" in listing.content.decode()

    # A learner cannot approve anything.
    learner = client_for(volunteer)
    response = learner.post(f"/admin/language-review/{welsh_lesson.pk}/approve/")
    assert response.status_code in (302, 403)
    assert LessonPage.objects.get(pk=welsh_lesson.pk).awaiting_language_review

    response = admin.post(f"/admin/language-review/{welsh_lesson.pk}/approve/")
    assert response.status_code == 302
    approved = LessonPage.objects.get(pk=welsh_lesson.pk)
    assert not approved.awaiting_language_review
    assert approved.latest_revision.content["awaiting_language_review"] is False
    html = client_for(volunteer).get(approved.url).content.decode()
    assert "review-note" not in html and "Gwers 1" in html
    assert (
        f"/admin/pages/{approved.pk}/edit/"
        not in admin.get("/admin/language-review/").content.decode()
    )


@pytest.mark.django_db
def test_approving_a_page_that_is_not_a_training_page_is_refused(catalogue, client_for, superuser):
    response = client_for(superuser).post("/admin/language-review/1/approve/")
    # Wagtail's admin answers a refusal with a redirect and a message.
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"


@pytest.mark.django_db
def test_question_keys_are_unique_per_language(welsh):
    english = single_choice(key="who-refers")
    translation = english.copy_for_translation(welsh)
    translation.save()  # the same key in another language is its translation
    assert translation.key == english.key and translation.locale == welsh
    with pytest.raises(IntegrityError), transaction.atomic():
        single_choice(title="Another", key="who-refers")


@pytest.mark.django_db
def test_welsh_quiz_draws_from_the_english_bank_and_asks_the_welsh_translation(welsh, volunteer):
    signs = category("Signs")
    english = single_choice(category=signs)
    welsh_question = english.copy_for_translation(welsh)
    welsh_question.title = "Pwy sy'n atgyfeirio i'r NRM?"
    welsh_question.save()
    definition = QuizDefinition(
        quiz_id=1,
        title="Cwis",
        pass_mark=80,
        review_policy="explanations",
        random_draws=((signs.pk, 1),),
        source_locale_id=Locale.get_default().pk,
        locale_id=welsh.pk,
    )
    attempt, _ = start_attempt(user=volunteer, definition=definition, rng=random.Random(1))
    asked = [question["question_id"] for question in attempt.questions]
    assert asked == [welsh_question.pk]
    assert Question.objects.filter(category=signs).count() == 2  # one question, two languages


@pytest.mark.django_db
def test_load_training_content_publishes_the_general_module_in_welsh(
    client_for, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_training_content", verbosity=0, stdout=StringIO())
    welsh = Locale.objects.get(language_code="cy")
    module = TrainingModulePage.objects.get(slug="general-awareness", locale=welsh)
    lessons = LessonPage.objects.child_of(module).live()
    english_module = module.get_translation(Locale.get_default())
    english_lessons = LessonPage.objects.child_of(english_module).order_by("path")
    # In the English order, each lesson beside its translation.
    assert [lesson.translation_key for lesson in lessons.order_by("path")] == [
        lesson.translation_key for lesson in english_lessons
    ]
    assert lessons.count() == 6
    pages = [TrainingCatalogPage.objects.get(locale=welsh), module, *lessons]
    pages.append(QuizPage.objects.child_of(module).get())
    assert all(page.live and page.awaiting_language_review for page in pages)
    assert module.title.startswith("Ymwybyddiaeth gyffredinol")

    # Every string of every lesson is in Welsh, except the titles of English source documents.
    for lesson in lessons:
        translation = Translation.objects.get(
            source__object_id=lesson.translation_key, target_locale=welsh
        )
        untranslated = [e for e in translation.export_po() if not e.msgstr]
        # The slug stays English: /cy/general-awareness/<the English slug>/.
        missing = [
            e.msgid for e in untranslated if e.msgctxt != "slug" and ".sources." not in e.msgctxt
        ]
        assert not missing, (lesson.slug, missing)
    html = client_for(volunteer).get(lessons[0].url).content.decode()
    assert 'lang="cy"' in html and "review-note" in html

    # Safe to run twice: nothing is made again.
    counts = (LessonPage.objects.count(), Translation.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_training_content", verbosity=0, stdout=StringIO())
    assert (LessonPage.objects.count(), Translation.objects.count()) == counts
    assert (TRANSLATIONS_DIR / "cy" / "general-awareness" / "module.po").exists()
