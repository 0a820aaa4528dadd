"""Lesson times come from words and activities, and the module pages show them."""

import json

import pytest

from modules.estimates import (
    ACTIVITY_MINUTES,
    REFLECTION_MINUTES,
    WORDS_PER_MINUTE,
    count_words,
    estimate_minutes,
)
from tests.factories import LessonPageFactory, build_module


def text_block(words):
    return {"type": "text", "value": "<p>" + " ".join(["word"] * words) + "</p>"}


def test_reading_speed_is_within_150_to_200_words_a_minute():
    assert 150 <= WORDS_PER_MINUTE <= 200


def test_words_are_counted_without_tags_or_entities():
    assert count_words("<p>Call <b>999</b> &amp; tell the lead’s team.</p>") == 6


def test_minutes_are_words_over_reading_speed_rounded_up():
    body = [text_block(WORDS_PER_MINUTE * 3 + 1)]
    assert estimate_minutes(body) == 4


def test_each_practice_scenario_and_reflection_adds_fixed_minutes():
    body = [
        text_block(WORDS_PER_MINUTE),
        {"type": "scenario_practice", "value": {"scenario": 7, "introduction": ""}},
        {"type": "scenario_practice", "value": {"scenario": 8, "introduction": ""}},
        {
            "type": "case_study",
            "value": {"title": "", "content_note": "", "body": "", "reflection": ["Why?"]},
        },
    ]
    expected = 1 + 2 * ACTIVITY_MINUTES["scenario_practice"] + REFLECTION_MINUTES
    assert estimate_minutes(body) == expected + 1  # "Why?" tips the reading over a minute


def test_choice_keys_addresses_and_sources_are_not_reading():
    body = [
        {"type": "callout", "value": {"style": "content_note", "title": "", "body": ""}},
        {
            "type": "sources",
            "value": {
                "title": "",
                "sources": [{"title": "word " * 500, "publisher": "p", "year": 2015, "url": ""}],
            },
        },
    ]
    assert estimate_minutes(body) == 1


@pytest.mark.django_db
class TestLessonAndModuleTimes:
    def test_a_published_lesson_keeps_the_estimate_of_its_body(self, catalogue):
        module = build_module(catalogue, slug="general-awareness", lessons=0)
        lesson = LessonPageFactory(
            parent=module, body=json.dumps([text_block(WORDS_PER_MINUTE * 7)])
        )
        assert lesson.estimated_minutes == 7
        lesson.body = json.dumps([text_block(WORDS_PER_MINUTE * 2)])
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        assert lesson.estimated_minutes == 2

    def test_module_page_and_catalogue_show_the_sum_of_the_lessons(
        self, client_for, volunteer, catalogue
    ):
        module = build_module(catalogue, slug="general-awareness", lessons=0)
        for minutes in (3, 4):
            LessonPageFactory(
                parent=module, body=json.dumps([text_block(WORDS_PER_MINUTE * minutes)])
            )
        client = client_for(volunteer)
        module_html = client.get(module.url).content.decode()
        assert "About 7 minutes of lessons" in module_html
        assert "3 min" in module_html and "4 min" in module_html
        assert "About 7 minutes of lessons" in client.get("/").content.decode()

    def test_trainers_cannot_type_a_lesson_time(self):
        from modules.models import LessonPage

        fields = {
            panel.field_name for panel in LessonPage.content_panels if hasattr(panel, "field_name")
        }
        assert "estimated_minutes" not in fields
