"""Background work of ``learners`` (run by django-tasks; at once in development and tests)."""

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def send_invitation_email(user_id):
    """Email the learner their invitation; skipped if they can no longer use it.

    Runs after the transaction that created the learner has committed, perhaps minutes later on
    a worker, so it checks again that the account is active and still has no password.
    """
    from learners.invitations import invitation_email

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password() or not user.email:
        return False
    invitation_email(user).send()
    return True
