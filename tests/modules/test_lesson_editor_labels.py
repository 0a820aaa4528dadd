"""Every input of the key points and case study blocks is named in the lesson editor (axe `label`).

Wagtail draws a ``ListBlock``'s items without a ``<label>``; the lesson editor's block
definitions (telepath JSON in the edit page) must give each such input an ``aria-label``.
"""

import html
import json
import re

import pytest
from django.urls import reverse

from modules.blocks import CaseStudyBlock, KeyPointsBlock


def block_definitions(page_html):
    """The StreamField's block definitions as the edit page hands them to Wagtail's JavaScript."""
    match = re.search(r'data-w-block-data-value="([^"]*)"', page_html)
    assert match, "the lesson body editor is on the page"
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.django_db
def test_lesson_edit_form_names_every_list_input_of_key_points_and_case_study(
    client_for, trainer, general_module
):
    lesson = general_module.get_children().first()
    response = client_for(trainer).get(reverse("wagtailadmin_pages:edit", args=(lesson.id,)))
    assert response.status_code == 200
    definitions = json.dumps(block_definitions(response.content.decode()))
    unescaped = definitions.replace('\\"', '"')
    for aria_label in ("Key point", "Question to reflect on"):
        assert f'aria-label="{aria_label}"' in unescaped, aria_label


def test_the_list_inputs_of_both_blocks_carry_an_aria_label():
    points = KeyPointsBlock().child_blocks["points"].child_block
    reflection = CaseStudyBlock().child_blocks["reflection"].child_block
    for block in (points, reflection):
        rendered = block.field.widget.render("x", "", attrs={"id": "x"})
        assert re.search(r'aria-label="[^"]+"', rendered), rendered


def test_every_input_of_the_two_blocks_has_a_label_or_an_aria_label():
    """Struct children get Wagtail's <label>; list items need their own name."""
    for block in (KeyPointsBlock(), CaseStudyBlock()):
        for name, child in block.child_blocks.items():
            inner = getattr(child, "child_block", None)
            if inner is not None:
                assert inner.field.widget.attrs.get("aria-label"), name
            else:
                assert child.label, name
