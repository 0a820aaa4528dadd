"""Who may open which module: the access matrix for every role and for anonymous visitors."""

import pytest

from modules import services
from modules.models import Enrolment, LessonProgress


def lesson_of(module, number=1):
    return module.get_children().specific()[number - 1]


def complete_module(user, module):
    for lesson in module.get_children().specific():
        services.mark_lesson_complete(user=user, lesson=lesson)


@pytest.mark.django_db
class TestAnonymousVisitors:
    @pytest.mark.parametrize(
        "path", ["/", "/general-awareness/", "/general-awareness/general-awareness-lesson-1/"]
    )
    def test_anonymous_visitor_is_sent_to_sign_in(self, client, caseworker_module, path):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={path}"

    def test_anonymous_visitor_is_sent_to_sign_in_from_my_training(self, client, catalogue):
        response = client.get("/my-training/")
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    def test_anonymous_post_to_lesson_writes_nothing(self, client, general_module):
        response = client.post(lesson_of(general_module).url, {"action": "complete"})
        assert response.status_code == 302
        assert not Enrolment.objects.exists()


@pytest.mark.django_db
class TestGeneralModule:
    @pytest.mark.parametrize(
        "user_fixture",
        ["volunteer", "staff_member", "caseworker", "trainer", "manager", "superuser"],
    )
    def test_every_signed_in_role_can_open_general_module_and_lessons(
        self, request, client_for, general_module, user_fixture
    ):
        client = client_for(request.getfixturevalue(user_fixture))
        assert client.get(general_module.url).status_code == 200
        assert client.get(lesson_of(general_module).url).status_code == 200


@pytest.mark.django_db
class TestCaseworkerModule:
    @pytest.mark.parametrize("user_fixture", ["volunteer", "staff_member"])
    def test_locked_module_returns_403_with_reason_for_non_caseworkers(
        self, request, client_for, caseworker_module, user_fixture
    ):
        client = client_for(request.getfixturevalue(user_fixture))
        response = client.get(caseworker_module.url)
        assert response.status_code == 403
        body = response.content.decode()
        assert "This module is for: Caseworkers." in body
        assert "ask your training manager" in body
        assert "Lesson 1" not in body  # never the content

    def test_lesson_of_locked_module_returns_403_not_content(
        self, client_for, volunteer, caseworker_module
    ):
        lesson = lesson_of(caseworker_module)
        response = client_for(volunteer).get(lesson.url)
        assert response.status_code == 403
        assert "Paragraph 0." not in response.content.decode()

    def test_caseworker_is_refused_until_general_module_is_complete(
        self, client_for, caseworker, general_module, caseworker_module
    ):
        client = client_for(caseworker)
        response = client.get(caseworker_module.url)
        assert response.status_code == 403
        body = response.content.decode()
        assert "Complete General awareness before you start this module." in body
        assert f'href="{general_module.url}"' in body

        complete_module(caseworker, general_module)
        assert client.get(caseworker_module.url).status_code == 200
        assert client.get(lesson_of(caseworker_module).url).status_code == 200

    def test_half_done_prerequisite_still_locks(
        self, client_for, caseworker, general_module, caseworker_module
    ):
        services.mark_lesson_complete(user=caseworker, lesson=lesson_of(general_module))
        assert client_for(caseworker).get(caseworker_module.url).status_code == 403

    def test_volunteer_who_completed_general_module_is_still_refused(
        self, client_for, volunteer, general_module, caseworker_module
    ):
        complete_module(volunteer, general_module)
        assert client_for(volunteer).get(caseworker_module.url).status_code == 403

    @pytest.mark.parametrize("user_fixture", ["trainer", "manager", "superuser"])
    def test_reviewers_can_open_caseworker_module(
        self, request, client_for, caseworker_module, user_fixture
    ):
        client = client_for(request.getfixturevalue(user_fixture))
        assert client.get(caseworker_module.url).status_code == 200

    def test_volunteer_posting_completion_to_locked_lesson_changes_nothing(
        self, client_for, volunteer, caseworker_module
    ):
        response = client_for(volunteer).post(
            lesson_of(caseworker_module).url, {"action": "complete"}
        )
        assert response.status_code == 403
        assert not Enrolment.objects.filter(module=caseworker_module).exists()
        assert not LessonProgress.objects.exists()

    def test_catalogue_shows_locked_status_with_reason(
        self, client_for, volunteer, caseworker_module
    ):
        body = client_for(volunteer).get("/").content.decode()
        assert "Locked" in body
        assert "This module is for: Caseworkers." in body

    def test_unpublished_prerequisite_does_not_lock_forever(
        self, client_for, caseworker, general_module, caseworker_module
    ):
        general_module.unpublish()
        assert client_for(caseworker).get(caseworker_module.url).status_code == 200


@pytest.mark.django_db
class TestReviewerPermission:
    def test_a_permission_granted_in_the_admin_shows_on_the_next_page(
        self, client_for, volunteer, caseworker_module
    ):
        from django.contrib.auth.models import Permission

        client = client_for(volunteer)
        assert client.get(caseworker_module.url).status_code == 403
        group = volunteer.groups.first()
        group.permissions.add(
            Permission.objects.get(content_type__app_label="modules", codename="open_any_module")
        )
        assert client.get(caseworker_module.url).status_code == 200
