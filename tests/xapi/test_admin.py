"""The xAPI record in the admin: read-only, for those allowed to view it."""

import pytest

from xapi.models import Statement, StatementStatus

pytestmark = pytest.mark.django_db

LISTING = "/admin/xapi_statements/"


@pytest.fixture
def failed_statement():
    return Statement.objects.create(
        id="6fbd600f-d17c-4c74-801a-2ec2e53231e7",
        verb="completed",
        activity_id="http://localhost/xapi/activities/page/abc",
        status=StatementStatus.FAILED,
        attempts=8,
        last_error="LRS answered 401: Invalid authentication credentials",
    )


def test_superuser_sees_failed_statements_with_their_error(client_for, superuser, failed_statement):
    html = client_for(superuser).get(LISTING).content.decode()
    assert "LRS answered 401" in html and "http://localhost/xapi/activities/page/abc" in html
    inspect = client_for(superuser).get(f"{LISTING}inspect/{failed_statement.pk}/")
    assert inspect.status_code == 200


def test_nobody_edits_or_deletes_a_statement(client_for, superuser, failed_statement):
    client = client_for(superuser)
    assert client.get(f"{LISTING}edit/{failed_statement.pk}/").status_code in (302, 403, 404)
    client.post(f"{LISTING}delete/{failed_statement.pk}/")
    assert Statement.objects.filter(pk=failed_statement.pk).exists()


def test_manager_without_the_permission_is_refused(client_for, manager, failed_statement):
    response = client_for(manager).get(LISTING)
    assert response.status_code in (302, 403)
    assert "LRS answered 401" not in response.content.decode()
