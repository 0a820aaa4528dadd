"""An untranslated page inside another language's interface: marked with its language, and its
links keep the learner in the interface language (issue 22).

Arabic carries the interface only, so ``/ar/...`` serves the English pages. Their text is English
inside a right-to-left Arabic page: it carries ``lang="en-gb" dir="ltr"`` so a screen reader reads
it with an English voice and it runs left to right. Links to other English pages keep ``/ar/``
(the lesson pager, the module's lesson list, the breadcrumb, the main navigation).
"""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale

from content.demo.loader import LoadReport
from content.demo.translations import translate_page
from modules.models import LessonPage
from tests.languages.test_welsh_content import po_file

ENGLISH_TEXT = 'lang="en-gb" dir="ltr"'


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def links(html):
    return re.findall(r'<a href="([^"]+)"', html)


@pytest.fixture
def lessons(general_module):
    pages = list(LessonPage.objects.child_of(general_module).order_by("path"))
    with translation.override("en-gb"):
        for page in pages:
            page.english_url = page.url
        general_module.english_url = general_module.url
    return pages


@pytest.mark.django_db
def test_an_english_lesson_inside_the_arabic_interface_is_marked_as_english(
    lessons, client_for, volunteer
):
    html = html_of(client_for(volunteer), f"/ar{lessons[1].english_url}")
    assert re.search(r'<html lang="ar" dir="rtl"', html)
    assert f"<h1 {ENGLISH_TEXT}>{lessons[1].title}</h1>" in html
    assert f'<div class="lesson__body" {ENGLISH_TEXT}>' in html
    # Titles inside Arabic sentences and links are marked one by one.
    assert f"<span {ENGLISH_TEXT}>{lessons[2].title}</span>" in html


@pytest.mark.django_db
def test_links_from_an_arabic_page_keep_the_learner_in_arabic(
    general_module, lessons, client_for, volunteer
):
    client = client_for(volunteer)
    html = html_of(client, f"/ar{lessons[1].english_url}")
    assert f'href="/ar{lessons[0].english_url}" rel="prev"' in html
    assert f'href="/ar{lessons[2].english_url}" rel="next"' in html
    assert f'href="/ar{general_module.english_url}"' in html
    own_pages = [url for url in links(html) if url.startswith(general_module.english_url)]
    # Only the language switcher may lead to the English address.
    assert own_pages == [lessons[1].english_url], own_pages

    module_html = html_of(client, f"/ar{general_module.english_url}")
    for lesson in lessons:
        assert f'href="/ar{lesson.english_url}"' in module_html
    # The main navigation: home and My training in Arabic, marked as the current page there.
    assert '<a class="brand" href="/ar/">' in module_html
    training = html_of(client, "/ar/my-training/")
    assert '<a href="/ar/my-training/" aria-current="page">' in training


@pytest.mark.django_db
def test_the_arabic_address_of_the_next_lesson_serves_it(lessons, client_for, volunteer):
    client = client_for(volunteer)
    html = html_of(client, f"/ar{lessons[0].english_url}")
    next_url = re.search(r'<a href="([^"]+)" rel="next"', html).group(1)
    assert next_url.startswith("/ar/")
    assert f"<h1 {ENGLISH_TEXT}>{lessons[1].title}</h1>" in html_of(client, next_url)


@pytest.mark.django_db
def test_english_pages_in_english_carry_no_language_marks(lessons, client_for, volunteer):
    html = html_of(client_for(volunteer), lessons[1].english_url)
    assert ENGLISH_TEXT not in html.split("<main", 1)[1]
    assert f'href="{lessons[2].english_url}" rel="next"' in html


@pytest.mark.django_db
def test_a_welsh_page_links_to_welsh_pages_and_needs_no_marks(
    catalogue, general_module, lessons, client_for, volunteer, django_capture_on_commit_callbacks
):
    welsh = Locale.objects.get(language_code="cy")
    report = LoadReport()
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(catalogue, welsh, po_file(), report=report)
        translate_page(general_module, welsh, po_file(), report=report)
        first = translate_page(lessons[0], welsh, po_file(**{"Lesson 1": "Gwers 1"}), report=report)
        second = translate_page(lessons[1], welsh, po_file(), report=report)
    call_command("rebuild_references_index", verbosity=0)
    html = html_of(client_for(volunteer), first.url)
    assert first.url.startswith("/cy/")
    assert f'href="{second.url}" rel="next"' in html
    main = html.split("<main", 1)[1]
    # Welsh text in a Welsh page: nothing to mark (the review note's link to English aside).
    assert "<h1>Gwers 1</h1>" in main
    assert 'class="lesson__body">' in main
