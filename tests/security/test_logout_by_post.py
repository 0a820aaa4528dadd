"""Logging out is a POST everywhere: a link or image on another page cannot sign anyone out."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/logout/", "/accounts/logout/"])
def test_a_get_to_a_logout_address_changes_nothing(client_for, trainer, catalogue, path):
    client = client_for(trainer)
    response = client.get(path)
    assert response.status_code == 405
    # The browser keeps its session cookie and the session still works.
    assert "sessionid" not in response.cookies or response.cookies["sessionid"].value
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/logout/", "/accounts/logout/"])
def test_a_post_signs_out(client_for, trainer, catalogue, path):
    client = client_for(trainer)
    assert client.post(path).status_code == 302
    assert client.get("/admin/").status_code == 302
