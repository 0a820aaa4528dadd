"""Offline use: the manifest, the service worker, which pages it may keep, and signing out
emptying the store (elearning/offline.py). The browser test is tests/e2e/test_offline.py."""

import json

import pytest

from elearning.offline import OFFLINE_HEADER
from modules.models import LessonPage
from tests.content.pathway_builders import build_pathway
from tests.factories.questions import build_quiz, single_choice


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    # It keeps only what the server marked, and never touches anything but GET.
    assert f'response.headers.get("{OFFLINE_HEADER.lower()}") === "keep"' in script
    assert 'request.method !== "GET"' in script


@pytest.mark.django_db
def test_the_manifest_describes_the_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["icons"][0]["src"].endswith(".svg")


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_the_script(client_for, volunteer, general_module):
    html = client_for(volunteer).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "js/offline.js" in html
    assert "data-signed-in" in html


@pytest.mark.django_db
def test_the_pathway_and_lessons_may_be_kept(client_for, volunteer, general_module):
    build_pathway("adults")
    client = client_for(volunteer)
    lesson = LessonPage.objects.child_of(general_module).first()
    for url in ("/referral-pathway/", "/referral-pathway/adults/print/", lesson.url, "/offline/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response[OFFLINE_HEADER] == "keep", url


@pytest.mark.django_db
def test_quiz_results_account_and_certificates_are_never_kept(
    client_for, volunteer, general_module
):
    quiz = build_quiz(general_module, [single_choice()])
    client = client_for(volunteer)
    for url in (quiz.url, "/my-account/", "/certificates/", "/my-training/", "/search/", "/"):
        response = client.get(url)
        assert OFFLINE_HEADER not in response, url


@pytest.mark.django_db
def test_a_lesson_showing_scenario_practice_is_not_kept(client_for, volunteer, general_module):
    client = client_for(volunteer)
    lesson = LessonPage.objects.child_of(general_module).first()
    session = client.session
    session["scenario_practice"] = {f"{lesson.id}:99": {"path": []}}
    session.save()
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert OFFLINE_HEADER not in response


@pytest.mark.django_db
def test_signing_out_empties_the_offline_store(client_for, volunteer):
    client = client_for(volunteer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    # The page it leads to is not signed in: its script deletes the caches and the worker.
    html = client.get(response["Location"]).content.decode()
    assert "js/offline.js" in html
    assert "data-signed-in" not in html


@pytest.mark.django_db
def test_signing_out_is_post_only(client_for, volunteer):
    client = client_for(volunteer)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/my-account/").status_code == 200


@pytest.mark.django_db
def test_signing_out_of_the_admin_empties_the_store_too(client_for, trainer):
    response = client_for(trainer).post("/admin/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
