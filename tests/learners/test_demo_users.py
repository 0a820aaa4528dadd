"""``create_demo_users``: the six demo accounts, for development only."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_refuses_when_settings_do_not_allow_demo_accounts(settings):
    settings.ELEARNING_ALLOW_DEMO_USERS = False
    with pytest.raises(CommandError, match="disabled"):
        call_command("create_demo_users", stdout=StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_creates_the_six_accounts_with_the_demo_password(settings, monkeypatch):
    settings.ELEARNING_ALLOW_DEMO_USERS = True
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("create_demo_users", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())  # twice is fine
    User = get_user_model()
    assert set(User.objects.values_list("username", flat=True)) == {
        "volunteer",
        "caseworker",
        "trainer",
        "lead",
        "manager",
        "admin",
    }
    assert authenticate(username="volunteer", password="a-demo-password-for-tests")
    assert User.objects.get(username="admin").is_superuser
    caseworker = User.objects.get(username="caseworker")
    assert set(caseworker.groups.values_list("name", flat=True)) == {"Staff", "Caseworkers"}
    assert set(User.objects.get(username="manager").groups.values_list("name", flat=True)) == {
        "Staff",
        "Training managers",
    }
    assert set(User.objects.get(username="lead").groups.values_list("name", flat=True)) == {
        "Staff",
        "Trainers",
        "Training leads",
    }
