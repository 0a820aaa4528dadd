"""
Documents trainers upload are private: a document is served to those who may open a lesson
that links it (and to trainers), through Wagtail's view; Wagtail's collection privacy opens a
collection more widely. Anyone else gets 404, and visitors who are not signed in are sent to
sign in.
"""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from modules.models import LessonPage
from tests.quizzes.helpers import complete_lessons

pytestmark = pytest.mark.django_db


def a_document(title, collection=None):
    Document = get_document_model()
    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(b"%PDF-1.4 test"))
    document.save()
    return document


def link_from_lesson(module, document):
    lesson = LessonPage.objects.child_of(module).first()
    body = list(lesson.body.raw_data)
    body.append(
        {
            "type": "text",
            "value": f'<p><a linktype="document" id="{document.pk}">{document.title}</a></p>',
        }
    )
    lesson.body = json.dumps(body)
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def documents(general_module, caseworker_module):
    linked = a_document("Referral form")
    link_from_lesson(general_module, linked)
    caseworkers_only = a_document("Casework guidance")
    link_from_lesson(caseworker_module, caseworkers_only)
    return {"linked": linked, "caseworkers": caseworkers_only, "unlinked": a_document("Draft")}


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, documents):
    for document in documents.values():
        response = client.get(document.url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_learners_get_documents_of_lessons_they_may_open(client_for, volunteer, documents):
    client = client_for(volunteer)
    response = client.get(documents["linked"].url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(documents["caseworkers"].url).status_code == 404
    assert client.get(documents["unlinked"].url).status_code == 404


def test_caseworkers_get_their_modules_documents(client_for, caseworker, general_module, documents):
    complete_lessons(caseworker, general_module)  # the caseworker module's prerequisite
    assert client_for(caseworker).get(documents["caseworkers"].url).status_code == 200


def test_trainers_get_every_document(client_for, trainer, documents):
    client = client_for(trainer)
    for document in documents.values():
        assert client.get(document.url).status_code == 200


def test_collection_privacy_opens_a_collection_more_widely(client, client_for, volunteer):
    root = Collection.get_first_root_node()
    everyone = root.add_child(name="For every signed-in learner")
    CollectionViewRestriction.objects.create(
        collection=everyone, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = a_document("Helplines", collection=everyone)
    assert client_for(volunteer).get(document.url).status_code == 200
    assert client.get(document.url).status_code == 302


def test_documents_are_never_linked_to_the_file_directly(settings, documents):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert documents["linked"].url.startswith("/documents/")
