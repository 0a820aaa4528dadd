"""Every lesson block renders semantic HTML from its preview value; images need alt text."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from modules.blocks import LessonStreamBlock


def render(name, value):
    block = LessonStreamBlock().child_blocks[name]
    return block.render(block.to_python(value))


@pytest.mark.parametrize(
    "name",
    [
        "heading",
        "text",
        "callout",
        "key_points",
        "accordion",
        "case_study",
        "indicator_cards",
        "what_to_do",
        "nations",
        "sources",
        "wellbeing_support",
    ],
)
def test_block_has_meta_and_renders_its_preview(name):
    block = LessonStreamBlock().child_blocks[name]
    assert block.meta.icon
    assert block.meta.template.startswith("modules/blocks/")
    assert block.meta.description
    html = block.render(block.get_preview_value())
    assert html.strip()


def test_accordion_uses_details_so_it_works_without_javascript():
    html = render(
        "accordion",
        {"title": "Q", "items": [{"question": "Is one sign proof?", "answer": "<p>No.</p>"}]},
    )
    assert "<details" in html and "<summary>Is one sign proof?</summary>" in html


def test_indicator_card_shows_category_in_words():
    html = render(
        "indicator_cards",
        {
            "title": "Signs",
            "cards": [{"sign": "No ID", "category": "few_personal_effects", "explanation": "E"}],
        },
    )
    assert "Category: Few or no personal effects" in html


def test_urgent_step_is_marked_in_words_not_only_colour():
    html = render(
        "what_to_do",
        {
            "title": "T",
            "intro": "",
            "steps": [{"title": "Call 999", "body": "<p>x</p>", "urgent": True}],
        },
    )
    assert "Urgent:" in html


def test_callout_kind_is_in_words():
    html = render("callout", {"style": "content_note", "title": "Abuse", "body": "<p>x</p>"})
    assert "Content note:" in html


@pytest.mark.django_db
def test_image_block_renders_alt_text():
    image = Image.objects.create(title="Drop-in", file=get_test_image_file())
    html = render("image", {"image": image.id, "alt_text": "A volunteer at a desk", "caption": ""})
    assert 'alt="A volunteer at a desk"' in html


def test_image_block_requires_alt_text():
    from wagtail.blocks import StructBlockValidationError

    block = LessonStreamBlock().child_blocks["image"]
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))


@pytest.mark.django_db
def test_indicator_cards_can_come_from_the_library():
    from tests.content.pathway_builders import build_indicator

    indicator = build_indicator("documents-held")
    html = render(
        "indicator_cards",
        {"title": "Signs", "from_library": [indicator.pk], "cards": []},
    )
    assert indicator.sign in html
    assert f"Category: {indicator.get_category_display()}" in html
