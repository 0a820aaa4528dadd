"""Signal receivers: what the reports app does when something happens below it."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from elearning.services import delete_exports_made_before
from learners.signals import learner_erasing


@receiver(learner_erasing, dispatch_uid="reports-erase-exports")
def erase_exports(sender, user, **kwargs):
    """Report spreadsheets made before an erasure may name the learner: they go with it.

    Deleted once the erasure commits (a rolled-back erasure keeps them), so a file never
    outlives the record it was made from.
    """
    moment = timezone.now()
    transaction.on_commit(lambda: delete_exports_made_before(moment))
    return {}
