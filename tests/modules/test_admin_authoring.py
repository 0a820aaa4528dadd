"""Trainers write content in the Wagtail admin and leads publish it; managers and learners cannot.

(Moderation itself, a trainer's submission and a lead's approval: ``test_moderation.py``.)"""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from modules.models import LessonPage
from tests.form_data import listblock


def add_lesson_url(module):
    return reverse("wagtailadmin_pages:add", args=("modules", "lessonpage", module.id))


def lesson_form_data(**overrides):
    data = {
        "title": "Working with interpreters",
        "slug": "working-with-interpreters",
        "summary": "Why a professional interpreter matters.",
        "content_note": "",
        "body": streamfield(
            [
                ("heading", {"text": "Never a companion"}),
                ("text", rich_text("<p>Use an independent, professional interpreter.</p>")),
                ("key_points", {"title": "Key points", "points": listblock(["Brief them."])}),
            ]
        ),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
class TestTrainerAuthoring:
    def test_lead_creates_and_publishes_a_lesson_learners_then_see(
        self, client_for, lead, volunteer, general_module
    ):
        response = client_for(lead).post(add_lesson_url(general_module), lesson_form_data())
        assert response.status_code == 302, response.content.decode()[:2000]
        lesson = LessonPage.objects.get(slug="working-with-interpreters")
        assert lesson.live
        assert lesson.get_parent().id == general_module.id
        assert lesson.body[0].block_type == "heading"

        body = client_for(volunteer).get(lesson.url).content.decode()
        assert "Use an independent, professional interpreter." in body

    def test_trainer_can_save_a_draft_that_learners_do_not_see(
        self, client_for, trainer, volunteer, general_module
    ):
        data = lesson_form_data()
        del data["action-publish"]
        response = client_for(trainer).post(add_lesson_url(general_module), data)
        assert response.status_code == 302
        lesson = LessonPage.objects.get(slug="working-with-interpreters")
        assert not lesson.live
        assert (
            client_for(volunteer)
            .get(general_module.url)
            .content.decode()
            .count("Working with interpreters")
            == 0
        )

    def test_trainer_can_preview_a_lesson(self, client_for, trainer, general_module):
        lesson = general_module.get_children().first()
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(lesson.id,))
        client = client_for(trainer)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(lesson.id,)))
        assert edit.status_code == 200
        data = lesson_form_data(title="Previewed title", slug=lesson.slug)
        assert client.post(url, data).json()["is_valid"]
        preview = client.get(url)
        assert preview.status_code == 200
        assert "Previewed title" in preview.content.decode()

    def test_lesson_cannot_be_added_to_the_catalogue(self, client_for, trainer, catalogue):
        url = reverse("wagtailadmin_pages:add", args=("modules", "lessonpage", catalogue.id))
        response = client_for(trainer).post(url, lesson_form_data())
        assert response.status_code in (302, 403)
        assert not LessonPage.objects.filter(slug="working-with-interpreters").exists()

    def test_module_cannot_be_its_own_prerequisite(self, client_for, trainer, general_module):
        url = reverse("wagtailadmin_pages:edit", args=(general_module.id,))
        data = nested_form_data(
            {
                "title": general_module.title,
                "slug": general_module.slug,
                "summary": "s",
                "intro": rich_text(""),
                "learning_outcomes": streamfield([]),
                "content_note": "",
                "certificate_validity_months": 12,
            }
        )
        data["prerequisites"] = [general_module.id]
        response = client_for(trainer).post(url, data)
        assert response.status_code == 200
        assert "A module cannot be its own prerequisite." in response.content.decode()

    def test_trainer_cannot_manage_users(self, client_for, trainer, catalogue):
        response = client_for(trainer).get(reverse("wagtailusers_users:index"))
        assert response.status_code in (302, 403)


@pytest.mark.django_db
class TestOthersCannotEditContent:
    def test_manager_reaches_admin_but_cannot_add_or_edit_pages(
        self, client_for, manager, general_module
    ):
        client = client_for(manager)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        response = client.post(add_lesson_url(general_module), lesson_form_data())
        assert response.status_code in (302, 403)
        assert not LessonPage.objects.filter(slug="working-with-interpreters").exists()
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(general_module.id,)))
        assert edit.status_code in (302, 403)

    @pytest.mark.parametrize("user_fixture", ["volunteer", "caseworker"])
    def test_learners_cannot_reach_the_admin(
        self, request, client_for, general_module, user_fixture
    ):
        client = client_for(request.getfixturevalue(user_fixture))
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 302
        assert "/admin/login/" in response.url
        client.post(add_lesson_url(general_module), lesson_form_data())
        assert not LessonPage.objects.filter(slug="working-with-interpreters").exists()
