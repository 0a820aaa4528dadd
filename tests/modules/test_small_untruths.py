"""Pages say only what is true: nothing claims progress was saved before any was made, and one
module open to a learner is not "1 of the 1 module"."""

import pytest

from modules.models import LessonPage
from tests.factories import build_module


@pytest.mark.django_db
def test_lesson_content_note_does_not_claim_unsaved_progress(client_for, volunteer, catalogue):
    module = build_module(catalogue, slug="noted", lessons=1)
    lesson = LessonPage.objects.child_of(module).get()
    lesson.content_note = "Mentions abuse."
    lesson.save_revision().publish()
    html = client_for(volunteer).get(lesson.url).content.decode()
    assert "Your progress is saved" not in html
    assert "lessons you have marked complete stay complete" in html


@pytest.mark.django_db
def test_one_open_module_is_not_one_of_the_one(client_for, volunteer, general_module):
    html = client_for(volunteer).get("/my-training/").content.decode()
    assert "of the 1 module" not in html
    assert "One module is open to you; you have not completed it yet." in html
