"""Earn certificates the way learners do: by completing modules through the services."""

from certificates.models import Certificate
from tests.quizzes.helpers import complete_lessons


def complete_module(user, module):
    """Complete every lesson of ``module`` (which has no quiz) and return the certificate."""
    complete_lessons(user, module)
    return Certificate.objects.get(user=user, module=module, revoked_at__isnull=True)
