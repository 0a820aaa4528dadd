"""
Template tags that show a learner's certificate on pages other apps render.

The quiz result page belongs to ``modules``, which sits below ``certificates`` and may not import
it; the page's template loads these tags instead, so the certificate reaches the pass page
without an import upwards.
"""

from django import template
from django.utils import timezone

from certificates.models import Certificate

register = template.Library()


@register.simple_tag
def certificate_for(user, module, cycle):
    """``(certificate, status)`` of ``user``'s unrevoked certificate for ``module`` in ``cycle``.

    ``(None, None)`` when there is none (yet). One query.
    """
    if not getattr(user, "is_authenticated", False) or module is None:
        return None, None
    certificate = (
        Certificate.objects.filter(
            user=user,
            module__translation_key=module.translation_key,
            cycle=cycle,
            revoked_at__isnull=True,
        )
        .order_by("-issued_at")
        .first()
    )
    if certificate is None:
        return None, None
    return certificate, certificate.status(timezone.localdate())
