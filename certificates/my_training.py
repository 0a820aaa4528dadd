"""
The certificate beside each module on ``/my-training/`` (registered in :mod:`modules.hooks`).

For each module the learner's newest certificate that still counts (valid or expiring soon), in
one query for all modules, with its PDF and public check links.
"""

from django.utils import timezone

from certificates.models import Certificate


def current_certificates(user, modules):
    """``{module_id: (template, context)}`` for each module's newest certificate that counts."""
    today = timezone.localdate()
    found = {}
    certificates = (
        Certificate.objects.current(today)
        .filter(user=user, module_id__in=[module.pk for module in modules], replaced_by=None)
        .order_by("module_id", "-issued_at")
    )
    for certificate in certificates:
        if certificate.module_id not in found:
            found[certificate.module_id] = (
                "certificates/includes/my_training_certificate.html",
                {"certificate": certificate, "status": certificate.status(today)},
            )
    return found
