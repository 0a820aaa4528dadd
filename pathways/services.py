"""
The write path of the ``pathways`` app: what happens when a referral pathway is published.

Wagtail publishes the pathway (a revision becomes the live object) and sends its ``published``
signal; :mod:`pathways.signals` hands it to :func:`record_pathway_publication`, which compares the
new content with the last version learners saw and, when it differs, writes a
:class:`~pathways.models.PathwayChange` and bumps the pathway's ``published_version`` in one
transaction. Trainers then mark a change significant with :func:`set_change_significance`.
"""

from django.db import transaction
from django.utils import timezone

from pathways.models import (
    PathwayChange,
    ReferralPathway,
    changed_step_keys,
    pathway_snapshot,
    published_content_differs,
)

__all__ = ["record_pathway_publication", "set_change_significance"]


@transaction.atomic
def record_pathway_publication(pathway, *, revision):
    """
    Record that ``revision`` of ``pathway`` was published; return the new change or ``None``.

    Nothing is written when the pathway did not go live (publication scheduled for later) or when
    learners would see exactly what they saw before (publishing an unchanged draft again). The
    pathway row is locked while the version is decided, so two trainers publishing at the same
    moment get consecutive versions. ``published_version`` is always set from the latest change,
    because the live row was just overwritten from the revision, which may hold an older number.
    """
    if not pathway.live or pathway.live_revision_id != revision.pk:
        return None
    ReferralPathway.objects.select_for_update().filter(pk=pathway.pk).first()
    previous = pathway.changes.order_by("-version").first()
    old_content = previous.snapshot if previous else None
    change = None
    if previous is None or published_content_differs(old_content, revision.content):
        steps = changed_step_keys(old_content, revision.content)
        change = PathwayChange.objects.create(
            pathway=pathway,
            version=(previous.version if previous else 0) + 1,
            revision=revision,
            snapshot=pathway_snapshot(revision.content),
            added_steps=list(steps.added),
            changed_steps=list(steps.changed),
            removed_steps=list(steps.removed),
            published_at=pathway.last_published_at or timezone.now(),
            # The signal does not say who pressed "Publish"; without workflows on pathways that
            # is the person who saved the revision, in the same request.
            published_by=revision.user,
        )
    current_version = change.version if change else previous.version
    ReferralPathway.objects.filter(pk=pathway.pk).update(published_version=current_version)
    pathway.published_version = current_version
    return change


def set_change_significance(change, *, significant):
    """Mark (or unmark) a pathway change as one learners need to hear about."""
    if change.significant != significant:
        change.significant = significant
        change.save(update_fields=["significant"])
    return change
