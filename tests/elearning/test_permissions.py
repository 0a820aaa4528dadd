"""
Permissions on learner pages come from the content memo, and still follow every change at once.

What a learner or an attacker would see: the header's "Admin" link and the reviewer's right to
open any module, on pages built one after another. The queries show that permissions are not
read again on every page; the changes show that nothing stale is ever used: a permission given
to a group or to one account in the admin, a group joined or left, an account made superuser or
deactivated. Outside a learner page the backend is Django's own.
"""

import pytest
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from elearning import freshness
from elearning.permissions import ModelBackend

ADMIN_LINK = b'<a href="/admin/">'


def open_any_module():
    return Permission.objects.get(content_type__app_label="modules", codename="open_any_module")


class Pages:
    """Learner pages built one after another (a new address each time, so never a kept copy)."""

    def __init__(self, client):
        self.client = client
        self.views = 0

    def get(self, url):
        self.views += 1
        return self.client.get(f"{url}?view={self.views}")

    def queries(self, url):
        with CaptureQueriesContext(connection) as captured:
            response = self.get(url)
        return response, [q["sql"] for q in captured]


@pytest.fixture
def pages(client_for, volunteer, catalogue):
    pages = Pages(client_for(volunteer))
    pages.get("/")
    pages.get("/")  # a site's first request creates its settings row (a content change)
    return pages


@pytest.mark.django_db
class TestLearnerPages:
    def test_permissions_are_not_read_again_on_every_page(self, pages, caseworker_module):
        pages.get(caseworker_module.url)
        response, sql = pages.queries(caseworker_module.url)
        assert response.status_code == 403  # a volunteer may not open it
        assert ADMIN_LINK not in pages.get("/").content
        assert not [q for q in sql if "auth_permission" in q]
        # The account and its groups come from the content memo too: only the learner's records.
        assert not [q for q in sql if "auth_user_groups" in q or 'FROM "auth_user"' in q]

    def test_a_permission_given_to_a_group_applies_on_the_next_page(
        self, pages, volunteer, caseworker_module
    ):
        assert pages.get(caseworker_module.url).status_code == 403
        volunteer.groups.first().permissions.add(open_any_module())
        assert pages.get(caseworker_module.url).status_code == 200
        volunteer.groups.first().permissions.clear()
        assert pages.get(caseworker_module.url).status_code == 403

    def test_a_permission_given_to_the_account_applies_on_the_next_page(
        self, pages, volunteer, caseworker_module
    ):
        assert pages.get(caseworker_module.url).status_code == 403
        volunteer.user_permissions.add(open_any_module())
        assert pages.get(caseworker_module.url).status_code == 200
        volunteer.user_permissions.remove(open_any_module())
        assert pages.get(caseworker_module.url).status_code == 403

    def test_joining_a_group_counts_even_when_only_the_learner_stamp_changes(
        self, pages, volunteer, caseworker_module
    ):
        reviewers = Group.objects.create(name="Reviewers")
        reviewers.permissions.add(open_any_module())
        assert pages.get(caseworker_module.url).status_code == 403
        # A write to the learner's own records: the content version stays the same.
        with freshness.writing_as_learner(volunteer.pk):
            volunteer.groups.add(reviewers)
        assert pages.get(caseworker_module.url).status_code == 200
        with freshness.writing_as_learner(volunteer.pk):
            volunteer.groups.remove(reviewers)
        assert pages.get(caseworker_module.url).status_code == 403

    def test_the_admin_link_follows_the_account(self, client_for, trainer, volunteer, catalogue):
        trainer_pages = Pages(client_for(trainer))
        trainer_pages.get("/")
        assert ADMIN_LINK in trainer_pages.get("/").content
        volunteer_pages = Pages(client_for(volunteer))
        assert ADMIN_LINK not in volunteer_pages.get("/").content
        volunteer.is_superuser = True
        volunteer.save()
        assert ADMIN_LINK in volunteer_pages.get("/").content
        volunteer.is_superuser = False
        volunteer.save()
        assert ADMIN_LINK not in volunteer_pages.get("/").content

    def test_a_deactivated_account_is_signed_out_on_the_next_page(
        self, pages, volunteer, general_module
    ):
        assert pages.get(general_module.url).status_code == 200
        volunteer.is_active = False
        volunteer.save()
        response = pages.get(general_module.url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")

    def test_a_new_password_elsewhere_ends_this_session_on_the_next_page(
        self, pages, volunteer, general_module
    ):
        assert pages.get(general_module.url).status_code == 200
        volunteer.set_password("a-new-long-password-2026")
        volunteer.save()
        response = pages.get(general_module.url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")

    def test_two_learners_never_share_an_answer(
        self, client_for, volunteer, staff_member, caseworker_module
    ):
        volunteer.user_permissions.add(open_any_module())
        volunteer_pages = Pages(client_for(volunteer))
        staff_pages = Pages(client_for(staff_member))
        for _ in range(2):
            assert volunteer_pages.get(caseworker_module.url).status_code == 200
            assert staff_pages.get(caseworker_module.url).status_code == 403


@pytest.mark.django_db
class TestOutsideLearnerPages:
    def test_the_answers_are_djangos(self, trainer, volunteer, superuser):
        volunteer.user_permissions.add(open_any_module())
        for user in (trainer, volunteer, superuser):
            ours, django = ModelBackend(), DjangoModelBackend()
            fresh = type(user).objects.get(pk=user.pk)
            assert ours.get_all_permissions(user) == django.get_all_permissions(fresh)

    def test_an_inactive_account_has_no_permissions(self, trainer):
        trainer.is_active = False
        trainer.save()
        assert ModelBackend().get_all_permissions(trainer) == set()
