"""Lessons embed a referral pathway as it is published now."""

import json

import pytest

from tests.content.pathway_builders import build_pathway
from tests.factories import LessonPageFactory


def lesson_with_pathway(module, pathway):
    body = json.dumps([{"type": "referral_pathway", "value": {"pathway": pathway.pk}}])
    return LessonPageFactory(parent=module, slug="pathway-lesson", body=body)


@pytest.mark.django_db
def test_lesson_shows_the_live_pathway_steps(client_for, volunteer, general_module):
    pathway = build_pathway("adults", steps=3, urgent=(2,))
    lesson = lesson_with_pathway(general_module, pathway)
    html = client_for(volunteer).get(lesson.url).content.decode()
    assert "Step 1" in html and "Step 3" in html
    assert "Urgent:" in html
    assert 'href="/referral-pathway/"' in html


@pytest.mark.django_db
def test_unpublished_pathway_is_not_shown(client_for, volunteer, general_module):
    pathway = build_pathway("adults", steps=2, publish=False)
    lesson = lesson_with_pathway(general_module, pathway)
    html = client_for(volunteer).get(lesson.url).content.decode()
    assert "Step 1" not in html


@pytest.mark.django_db
def test_default_caseworker_lessons_embed_the_pathways(client_for, superuser):
    from io import StringIO

    from django.core.management import call_command

    from modules.models import LessonPage

    call_command("load_training_content", stdout=StringIO())
    lesson = LessonPage.objects.get(slug="consent-children-duty-to-notify")
    types = [block.block_type for block in lesson.body]
    assert "referral_pathway" in types and types[-2:] == ["key_points", "sources"]
    html = client_for(superuser).get(lesson.url).content.decode()
    assert "If you are worried about a child" in html
