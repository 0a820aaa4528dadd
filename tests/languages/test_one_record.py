"""One learner record across languages, the language prefixes and the switcher."""

import pytest
from wagtail.models import Locale

from modules.models import Enrolment, LessonPage, LessonProgress


def welsh_copy(page, locale):
    translation = page.copy_for_translation(locale)
    translation.title = f"{page.title} (cy)"
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


@pytest.mark.django_db
def test_learner_completes_half_in_english_and_finishes_in_welsh(
    catalogue, general_module, client_for, volunteer
):
    welsh = Locale.objects.get(language_code="cy")
    welsh_copy(catalogue, welsh)
    welsh_module = welsh_copy(general_module, welsh)
    english_lessons = list(LessonPage.objects.live().child_of(general_module))
    welsh_lessons = [welsh_copy(lesson, welsh) for lesson in english_lessons]
    client = client_for(volunteer)

    client.post(english_lessons[0].url, {"action": "complete"})
    for lesson in welsh_lessons[1:]:
        response = client.post(lesson.url, {"action": "complete"})
        assert response.status_code == 302
    assert welsh_lessons[1].url.startswith("/cy/")

    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.module_id == general_module.pk
    assert set(LessonProgress.objects.values_list("lesson_id", flat=True)) == {
        lesson.pk for lesson in english_lessons
    }
    page = client.get(welsh_module.url)
    assert page.status_code == 200
    assert page.context["overview"].completed_count == len(welsh_lessons)


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left_and_the_switcher_names_languages_in_themselves(
    catalogue, general_module, client_for, volunteer
):
    url = general_module.url
    html = client_for(volunteer).get("/ar" + url).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert 'lang="cy"' in html and ">Cymraeg<" in html
    assert f'href="/cy{url}"' in html
    # Not translated yet: shown in English with a note.
    assert 'class="untranslated-note"' in html
    english = client_for(volunteer).get(url).content.decode()
    assert 'dir="ltr"' in english and "untranslated-note" not in english
