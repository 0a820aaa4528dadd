"""The Learners admin: who may use it, the listing, the record page, actions and the CSV import."""

import json
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import LearnerProfile
from learners.roles import Role
from tests.factories import UserFactory
from tests.quizzes.helpers import complete_lessons, take_quiz

User = get_user_model()

INDEX = "/admin/learners/"
IMPORT = "/admin/learners/import/"


def profile_of(user):
    return LearnerProfile.objects.get(user=user)


def url(name, user):
    return reverse(f"learners:{name}", args=[profile_of(user).pk])


def refused(response):
    """Wagtail answers a refused admin request with 403, or a redirect away (to sign in)."""
    return response.status_code == 403 or (
        response.status_code == 302 and not urlparse(response.url).path.startswith(INDEX)
    )


def csv_upload(text, name="learners.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)


GOOD_CSV = (
    "name,email,region,role\n"
    "Amira Haddad,amira@example.org,North West,Volunteer\n"
    "Li Wei,li@example.org,Wales,Caseworker\n"
    "No Email,,Wales,Volunteer\n"
    "Bad Role,bad@example.org,Wales,Wizard\n"
)


@pytest.mark.django_db
class TestWhoMayManageLearners:
    @pytest.mark.parametrize("who", ["trainer", "volunteer", "caseworker"])
    def test_trainers_and_learners_are_refused_everywhere(self, request, who, volunteer):
        client = Client()
        client.force_login(request.getfixturevalue(who))
        target = UserFactory(username="target", roles=[Role.VOLUNTEER])
        for response in (
            client.get(INDEX),
            client.get(url("inspect", target)),
            client.get(url("edit", target)),
            client.get(url("export", target)),
            client.get(url("erase", target)),
            client.post(url("erase", target), {"confirmation": "target"}),
            client.post(url("deactivate", target)),
            client.get(IMPORT),
            client.post(IMPORT, {"file": csv_upload(GOOD_CSV)}),
        ):
            assert refused(response), response
        target.refresh_from_db()
        assert target.is_active and target.email == "target@example.org"
        assert not User.objects.filter(username="amira@example.org").exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, volunteer):
        response = Client().get(url("inspect", volunteer))
        assert response.status_code == 302
        assert "login" in response.url

    def test_training_manager_sees_the_menu_listing_and_record(
        self, client_for, manager, volunteer
    ):
        client = client_for(manager)
        home = client.get("/admin/")
        assert b'"Learners"' in home.content or b"Learners" in home.content
        assert client.get(INDEX).status_code == 200
        assert client.get(url("inspect", volunteer)).status_code == 200

    def test_trainer_does_not_see_the_menu(self, client_for, trainer):
        assert INDEX.encode() not in client_for(trainer).get("/admin/").content

    def test_manager_cannot_act_on_admin_accounts_or_themselves(self, client_for, manager, trainer):
        client = client_for(manager)
        for target in (trainer, manager):
            response = client.post(url("deactivate", target), follow=True)
            assert response.status_code == 200
            target.refresh_from_db()
            assert target.is_active
            assert client.get(url("edit", target)).status_code in (302, 403)
        assert b"an administrator manages it" in client.get(url("inspect", trainer)).content


@pytest.mark.django_db
class TestListing:
    def test_search_and_filters(self, client_for, manager):
        amira = UserFactory(username="amira", first_name="Amira", roles=[Role.VOLUNTEER])
        li = UserFactory(username="li", first_name="Li", roles=[Role.STAFF, Role.CASEWORKER])
        LearnerProfile.objects.filter(user=amira).update(region="North West")
        LearnerProfile.objects.filter(user=li).update(region="Wales")
        li.is_active = False
        li.save()
        client = client_for(manager)

        def names(**params):
            content = client.get(INDEX, params).content.decode()
            return {name for name in ("amira@", "li@") if name in content}

        assert names(q="amira") == {"amira@"}
        assert names(region="Wales") == {"li@"}
        assert names(role="Caseworkers") == {"li@"}
        assert names(status="active") == {"amira@"}
        assert names(status="deactivated") == {"li@"}
        assert "North West" in client.get(INDEX).content.decode()

    def test_listing_queries_do_not_grow_with_learners(self, client_for, manager):
        client = client_for(manager)
        UserFactory.create_batch(3)
        client.get(INDEX)  # warm caches (content types, permissions)
        with CaptureQueriesContext(connection) as few:
            assert client.get(INDEX).status_code == 200
        UserFactory.create_batch(30)
        with CaptureQueriesContext(connection) as many:
            assert client.get(INDEX).status_code == 200
        assert len(many) == len(few)


@pytest.mark.django_db
class TestRecordPage:
    def test_record_shows_profile_module_cycles_and_quiz_attempts(
        self, client_for, manager, volunteer, quiz_module, quiz
    ):
        complete_lessons(volunteer, quiz_module)
        take_quiz(client_for(volunteer), quiz)
        LearnerProfile.objects.filter(user=volunteer).update(region="Wales", team="Drop-in")
        with CaptureQueriesContext(connection) as queries:
            response = client_for(manager).get(url("inspect", volunteer))
        content = response.content.decode()
        assert response.status_code == 200
        assert "volunteer@example.org" in content
        assert "Drop-in" in content
        assert "General-awareness" in content or "General awareness" in content
        assert "Completed" in content
        assert "Check your understanding" in content
        assert "Passed" in content
        assert len(queries) < 40

    def test_deactivate_and_reactivate(self, client_for, manager, volunteer):
        client = client_for(manager)
        assert client.get(url("deactivate", volunteer)).status_code == 405
        response = client.post(url("deactivate", volunteer), follow=True)
        assert b"cannot sign in" in response.content
        volunteer.refresh_from_db()
        assert not volunteer.is_active
        assert profile_of(volunteer).deactivated_by == manager
        client.post(url("reactivate", volunteer))
        volunteer.refresh_from_db()
        assert volunteer.is_active

    def test_export_downloads_everything_as_json(self, client_for, manager, volunteer):
        response = client_for(manager).get(url("export", volunteer))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "attachment" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert data["account"]["email"] == "volunteer@example.org"
        assert "enrolments" in data and "quiz_attempts" in data

    def test_erasure_needs_the_username_typed(self, client_for, manager, volunteer):
        client = client_for(manager)
        page = client.get(url("erase", volunteer))
        assert b"This cannot be undone." in page.content
        response = client.post(url("erase", volunteer), {"confirmation": "someone"})
        assert response.status_code == 200
        assert b"nothing has been erased" in response.content
        volunteer.refresh_from_db()
        assert volunteer.email == "volunteer@example.org"

        response = client.post(url("erase", volunteer), {"confirmation": "volunteer"}, follow=True)
        assert b"personal data is erased" in response.content
        volunteer.refresh_from_db()
        assert volunteer.username == f"erased-{volunteer.pk}"
        assert volunteer.email == ""
        # Nothing left to erase, nothing to edit, no way back.
        assert client.get(url("erase", volunteer)).status_code == 302
        assert client.get(url("edit", volunteer)).status_code in (302, 403)
        client.post(url("reactivate", volunteer))
        volunteer.refresh_from_db()
        assert not volunteer.is_active

    def test_edit_profile_changes_role_and_groups_but_not_to_admin_roles(
        self, client_for, manager, volunteer
    ):
        client = client_for(manager)
        data = {
            "display_name": "Val V.",
            "region": "Wales",
            "team": "",
            "role": Role.CASEWORKER.value,
            "preferred_language": "en-gb",
        }
        response = client.post(url("edit", volunteer), data)
        assert response.status_code == 302
        profile = profile_of(volunteer)
        assert (profile.display_name, profile.role) == ("Val V.", Role.CASEWORKER)
        assert set(volunteer.groups.values_list("name", flat=True)) == {"Staff", "Caseworkers"}
        response = client.post(url("edit", volunteer), {**data, "role": Role.TRAINER.value})
        assert response.status_code == 200  # the form refuses the choice
        assert not volunteer.groups.filter(name="Trainers").exists()


@pytest.mark.django_db
class TestImportInTheAdmin:
    def upload(self, client, text):
        response = client.post(IMPORT, {"file": csv_upload(text)})
        assert response.status_code == 302, response.content.decode()[:2000]
        return response.url

    def test_upload_preview_then_apply_once(
        self, client_for, manager, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(manager)
        preview_url = self.upload(client, GOOD_CSV)
        preview = client.get(preview_url).content.decode()
        assert "Will be created" in preview
        assert "The email is missing" in preview
        assert "Unknown role &#x27;Wizard&#x27;" in preview
        assert not User.objects.filter(username="amira@example.org").exists()

        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(preview_url, {"send_invitations": "on"})
        assert done.status_code == 200
        assert "2 learners created" in done.content.decode()
        assert (
            User.objects.filter(username__in=["amira@example.org", "li@example.org"]).count() == 2
        )
        assert len(mailoutbox) == 2

        # Applying the same preview again creates nobody.
        again = client.post(preview_url, follow=True)
        assert b"applied already" in again.content
        count = User.objects.count()
        second = client.get(self.upload(client, GOOD_CSV)).content.decode()
        assert "Already exists" in second
        assert User.objects.count() == count

    def test_without_invitations(
        self, client_for, manager, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(manager)
        preview_url = self.upload(client, GOOD_CSV)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(preview_url, {})
        assert User.objects.filter(username="amira@example.org").exists()
        assert mailoutbox == []

    def test_unreadable_or_too_big_files_get_a_clear_message(self, client_for, manager, settings):
        client = client_for(manager)
        response = client.post(IMPORT, {"file": csv_upload("nàme,email,role\n".encode("latin-1"))})
        assert response.status_code == 200
        assert b"not UTF-8 text" in response.content
        settings.LEARNER_IMPORT_MAX_BYTES = 50
        response = client.post(IMPORT, {"file": csv_upload(GOOD_CSV)})
        assert b"larger than" in response.content

    def test_a_preview_from_another_session_cannot_be_applied(self, client_for, manager):
        preview_url = self.upload(client_for(manager), GOOD_CSV)
        other = Client()
        other.force_login(manager)
        response = other.post(preview_url)
        assert response.status_code == 302
        assert not User.objects.filter(username="amira@example.org").exists()
