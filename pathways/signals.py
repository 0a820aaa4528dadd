"""
Signal receivers of the ``pathways`` app.

Wagtail sends ``published`` whenever a snippet revision is published, from the admin, the content
loader or the scheduled-publishing command alike; listening to it (rather than to the admin view)
records every pathway change, whichever way it was published.
"""

from pathways.services import record_pathway_publication


def record_pathway_change(sender, instance, revision, **kwargs):
    """Write a :class:`~pathways.models.PathwayChange` when a referral pathway is published."""
    record_pathway_publication(instance, revision=revision)
