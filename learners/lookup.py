"""Find one learner's account from what an operator types: a username or an email address."""

from django.contrib.auth import get_user_model
from django.db.models import Q


class AccountNotFound(Exception):
    """No single account matches; ``str(error)`` says why."""


def find_account(identifier):
    """The one account whose username (exact, then any case) or email is ``identifier``."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        raise AccountNotFound("Name an account by its username or email address.")
    exact = User.objects.filter(**{User.USERNAME_FIELD: identifier}).first()
    if exact is not None:
        return exact
    matches = list(
        User.objects.filter(
            Q(**{f"{User.USERNAME_FIELD}__iexact": identifier}) | Q(email__iexact=identifier)
        )[:2]
    )
    if not matches:
        raise AccountNotFound(f"No account has the username or email {identifier!r}.")
    if len(matches) > 1:
        raise AccountNotFound(
            f"More than one account matches {identifier!r}; give the exact username."
        )
    return matches[0]
