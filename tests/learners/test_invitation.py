"""The invitation email: calm wording, a working link to choose a password, sent after commit."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from learners.roles import Role
from learners.services import LearnerError, create_learner, deactivate_learner, invite_learner

User = get_user_model()


def link_in(message):
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


@pytest.fixture
def invited(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = create_learner(
            email="Amira@Example.org", name="Amira Haddad", role=Role.VOLUNTEER, region="Wales"
        )
    return user


@pytest.mark.django_db
def test_invitation_names_the_learner_the_site_and_the_username(invited, mailoutbox):
    (message,) = mailoutbox
    assert message.to == ["amira@example.org"]
    assert message.subject == "Your PROTECT training account is ready"
    assert "Hello Amira Haddad," in message.body
    assert "username: amira@example.org" in message.body
    assert "http://testserver/accounts/login/" in message.body
    assert "3 days" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link_in(message) in html


@pytest.mark.django_db
def test_invitation_is_sent_only_after_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_learner(email="a@example.org", name="A B", role=Role.STAFF)
    assert mailoutbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_learner_sets_a_password_through_the_link_and_can_sign_in(invited, mailoutbox):
    client = Client()
    response = client.get(link_in(mailoutbox[0]), follow=True)
    assert response.status_code == 200
    assert b"Choose a new password" in response.content
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"new_password1": "a-long-calm-passphrase", "new_password2": "a-long-calm-passphrase"},
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("a-long-calm-passphrase")
    assert Client().login(username="amira@example.org", password="a-long-calm-passphrase")
    # The link works once.
    response = Client().get(link_in(mailoutbox[0]), follow=True)
    assert b"This link no longer works" in response.content


@pytest.mark.django_db
def test_a_new_invitation_can_be_sent_but_not_to_deactivated_or_set_up_learners(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_learner(user=invited)
    assert len(mailoutbox) == 2
    deactivate_learner(user=invited)
    with pytest.raises(LearnerError, match="Only active learners"):
        invite_learner(user=invited)
    other = create_learner(email="b@example.org", name="B", role=Role.STAFF, invite=False)
    other.set_password("chosen-already-123")
    other.save()
    with pytest.raises(LearnerError, match="chosen a password already"):
        invite_learner(user=other)


@pytest.mark.django_db
def test_queued_invitation_is_dropped_if_the_learner_was_deactivated_meanwhile(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = create_learner(email="a@example.org", name="A B", role=Role.STAFF)
    deactivate_learner(user=user)
    for callback in callbacks:
        callback()
    assert mailoutbox == []
