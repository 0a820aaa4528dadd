"""The sources block, and wellbeing support named from the training settings."""

import json

import pytest
from wagtail.models import Site

from modules.blocks import LessonStreamBlock
from pathways.models import TrainingSettings
from tests.factories import LessonPageFactory, build_module


def render(name, value):
    block = LessonStreamBlock().child_blocks[name]
    return block.render(block.to_python(value))


def test_sources_list_title_publisher_year_and_link():
    html = render(
        "sources",
        {
            "title": "Sources",
            "sources": [
                {
                    "title": "Modern Slavery Act 2015",
                    "publisher": "UK Parliament",
                    "year": 2015,
                    "url": "https://www.legislation.gov.uk/ukpga/2015/30/contents",
                },
                {"title": "Human Trafficking Indicators", "publisher": "UNODC", "year": None},
            ],
        },
    )
    assert (
        '<a href="https://www.legislation.gov.uk/ukpga/2015/30/contents" rel="noopener">'
        "Modern Slavery Act 2015</a>. UK Parliament, 2015." in html
    )
    assert "Human Trafficking Indicators. UNODC." in html


@pytest.fixture
def wellbeing_settings(catalogue):
    site = Site.objects.get(is_default_site=True)
    settings = TrainingSettings.for_site(site)
    settings.wellbeing_support_name = "Employee Assistance Programme"
    settings.wellbeing_support_contact = "0800 000 0000, 24 hours"
    settings.lead_role_name = "anti-trafficking lead"
    settings.save()
    return settings


@pytest.mark.django_db
class TestWellbeingSupport:
    def test_content_note_names_the_wellbeing_service_manager_and_lead(
        self, client_for, volunteer, catalogue, wellbeing_settings
    ):
        module = build_module(catalogue, slug="general-awareness", lessons=0)
        lesson = LessonPageFactory(parent=module, content_note="Describes violence.")
        html = client_for(volunteer).get(lesson.url).content.decode()
        note = html.split('id="lesson-content-note"', 1)[1].split("</aside>", 1)[0]
        assert "Employee Assistance Programme: 0800 000 0000, 24 hours" in note
        assert "manager" in note and "anti-trafficking lead" in note

    def test_wellbeing_block_follows_the_settings_the_trainer_edits(
        self, client_for, volunteer, catalogue, wellbeing_settings
    ):
        module = build_module(catalogue, slug="general-awareness", lessons=0)
        body = [{"type": "wellbeing_support", "value": {"title": "Where to find support"}}]
        lesson = LessonPageFactory(parent=module, body=json.dumps(body))
        client = client_for(volunteer)
        assert "Employee Assistance Programme" in client.get(lesson.url).content.decode()
        wellbeing_settings.wellbeing_support_name = "Staff Care Line"
        wellbeing_settings.save()
        assert "Staff Care Line" in client.get(f"{lesson.url}?after=1").content.decode()
