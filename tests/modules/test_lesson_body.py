"""
A lesson's body: content blocks rendered once per content version, practice for each learner.

What a learner sees must be exactly what Wagtail's ``{% include_block %}`` would render, a
trainer's change must show on the next view, and a scenario to practise must always show the
learner's own progress, never someone else's.
"""

import json

import pytest
from django.template import Context
from django.urls import reverse
from wagtail.models import Site

from modules.templatetags import lesson_tags
from tests.factories import LessonPageFactory, build_module
from tests.factories.questions import scenario
from tests.modules.test_admin_authoring import lesson_form_data
from tests.modules.test_scenario_practice import step

BODY = [
    {"type": "heading", "value": {"text": "Before you start", "level": "h2"}},
    {"type": "text", "value": "<p>Text shown to every learner.</p>"},
    {"type": "key_points", "value": {"title": "Remember", "points": ["Safety first"]}},
]


@pytest.fixture
def lesson(catalogue):
    module = build_module(catalogue, slug="general-awareness", lessons=1)
    practice = {
        "type": "scenario_practice",
        "value": {"scenario": scenario().pk, "introduction": "Try it."},
    }
    return LessonPageFactory(parent=module, slug="mixed", body=json.dumps([*BODY, practice]))


class RenderCount:
    """Counts how often each block type is rendered (wrapping the tag's own render helper)."""

    def __init__(self, monkeypatch):
        self.counts = {}
        original = lesson_tags._render

        def counting(body, child, context):
            self.counts[child.block_type] = self.counts.get(child.block_type, 0) + 1
            return original(body, child, context)

        monkeypatch.setattr(lesson_tags, "_render", counting)


def body_html(response):
    html = response.content.decode()
    return html.split('<div class="lesson__body">', 1)[1].split("</article>", 1)[0]


@pytest.mark.django_db
class TestLessonBody:
    def test_content_blocks_are_rendered_once_and_practice_every_time(
        self, client_for, volunteer, lesson, monkeypatch
    ):
        client = client_for(volunteer)
        client.get("/")
        client.get("/")  # a site's first request creates its settings row (a content change)
        renders = RenderCount(monkeypatch)
        for view in range(3):
            response = client.get(f"{lesson.url}?view={view}")  # built each time, not a copy
            assert response.status_code == 200
            assert "Text shown to every learner." in body_html(response)
        assert renders.counts == {"heading": 1, "text": 1, "key_points": 1, "scenario_practice": 3}

    def test_the_html_is_what_include_block_renders(self, client_for, volunteer, lesson, rf):
        client = client_for(volunteer)
        client.get(lesson.url)
        html = body_html(client.get(f"{lesson.url}?again=1"))
        request = rf.get(lesson.url)
        request.user = volunteer
        request.session = client.session
        request._wagtail_site = Site.objects.get(is_default_site=True)
        context = Context({"page": lesson, "request": request})
        expected = lesson.body.render_as_block(context=context.flatten())
        for block in BODY:
            start = html.index(f'<div class="w-block-{block["type"]} block-{block["type"]}">')
            end = html.index("</div>\n", start) + len("</div>\n")
            assert html[start:end] in expected

    def test_a_trainer_edit_shows_on_the_next_view(self, client_for, volunteer, lesson):
        client = client_for(volunteer)
        client.get(lesson.url)
        client.get(f"{lesson.url}?again=1")
        lesson.body = json.dumps(
            [{"type": "text", "value": "<p>Rewritten by a trainer.</p>"}, *BODY[:1]]
        )
        lesson.save_revision().publish()
        html = body_html(client.get(lesson.url))
        assert "Rewritten by a trainer." in html
        assert "Text shown to every learner." not in html
        assert "Try it." not in html

    def test_each_learner_sees_their_own_practice(
        self, client_for, volunteer, staff_member, lesson
    ):
        scenario_id = lesson.body[3].value["scenario"].pk
        volunteer_client = client_for(volunteer)
        other_client = client_for(staff_member)
        assert "What do you notice?" in body_html(other_client.get(lesson.url))
        step(
            volunteer_client,
            lesson,
            {"scenario": scenario_id, "stage": "signs", "signs": ["tired"]},
        )
        assert "OBS-EXPLAIN tired" in body_html(volunteer_client.get(lesson.url))
        other = body_html(other_client.get(f"{lesson.url}?later=1"))
        assert "OBS-EXPLAIN tired" not in other
        assert "What do you notice?" in other

    def test_a_preview_shows_the_draft_and_learners_the_live_body(
        self, client_for, trainer, volunteer, lesson
    ):
        learner = client_for(volunteer)
        learner.get(lesson.url)
        learner.get(f"{lesson.url}?again=1")
        client = client_for(trainer)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(lesson.id,))
        assert client.get(reverse("wagtailadmin_pages:edit", args=(lesson.id,))).status_code == 200
        data = lesson_form_data(title=lesson.title, slug=lesson.slug)
        assert client.post(url, data).json()["is_valid"]
        preview = client.get(url)
        assert preview.status_code == 200
        assert "Use an independent, professional interpreter." in body_html(preview)
        live = body_html(learner.get(f"{lesson.url}?after-preview=1"))
        assert "Text shown to every learner." in live
        assert "professional interpreter" not in live
