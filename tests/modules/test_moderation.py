"""Module content is moderated: a trainer submits, a training lead approves, learners see only
what was approved (the "Module moderation" workflow, modules migration 0014)."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from learners.groups import TRAINING_LEADS_GROUP
from modules.models import LessonPage

NEW_TEXT = "Brief the interpreter before the conversation, in private."


def edit_data(lesson, action):
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "Why a professional interpreter matters.",
        "content_note": "",
        "body": streamfield([("text", rich_text(f"<p>{NEW_TEXT}</p>"))]),
        action: action,
    }
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.id,))


def learner_sees_new_text(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200
    return NEW_TEXT in response.content.decode()


@pytest.mark.django_db
class TestModuleModeration:
    def test_every_module_page_goes_through_the_module_moderation_workflow(
        self, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        for page in (general_module, lesson, Page.objects.get(pk=lesson.pk)):
            workflow = page.get_workflow()
            assert workflow is not None and workflow.name == "Module moderation"
        task = workflow.tasks.get().specific
        assert task.name == "Training leads"
        assert list(task.groups.values_list("name", flat=True)) == [TRAINING_LEADS_GROUP]

    def test_submitted_change_is_hidden_from_learners_until_a_lead_approves(
        self, client_for, trainer, lead, volunteer, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        learner = client_for(volunteer)
        assert not learner_sees_new_text(learner, lesson)

        response = client_for(trainer).post(edit_url(lesson), edit_data(lesson, "action-submit"))
        assert response.status_code == 302, response.content.decode()[:2000]
        state = WorkflowState.objects.get(object_id=str(lesson.pk), status="in_progress")
        assert not learner_sees_new_text(learner, lesson)

        # The trainer cannot approve their own submission.
        approve_url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(lesson.id, "approve", state.current_task_state.id),
        )
        assert client_for(trainer).post(approve_url, {"comment": ""}).status_code in (302, 403)
        state.refresh_from_db()
        assert state.status == "in_progress"
        assert not learner_sees_new_text(learner, lesson)

        response = client_for(lead).post(approve_url, {"comment": "Good"})
        assert response.status_code in (200, 302)
        state.refresh_from_db()
        assert state.status == "approved"
        assert learner_sees_new_text(learner, lesson)

    def test_a_trainer_cannot_publish_directly(
        self, client_for, trainer, volunteer, general_module
    ):
        lesson = LessonPage.objects.child_of(general_module).first()
        client_for(trainer).post(edit_url(lesson), edit_data(lesson, "action-publish"))
        lesson.refresh_from_db()
        assert lesson.has_unpublished_changes
        assert not learner_sees_new_text(client_for(volunteer), lesson)
        edit_page = client_for(trainer).get(edit_url(lesson)).content.decode()
        assert "Submit to Module moderation" in edit_page
        assert 'name="action-publish"' not in edit_page

    def test_a_lead_can_publish(self, client_for, lead, volunteer, general_module):
        lesson = LessonPage.objects.child_of(general_module).first()
        response = client_for(lead).post(edit_url(lesson), edit_data(lesson, "action-publish"))
        assert response.status_code == 302
        assert learner_sees_new_text(client_for(volunteer), lesson)
