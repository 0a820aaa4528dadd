"""
The referral pathway, the indicator library, the training settings and the help contacts.

``pathways`` sits just above ``elearning`` (DESIGN.md): it imports only ``elearning``, Django and
Wagtail, and apps above it refer to its content by stable keys rather than by import where they
can.

* :mod:`pathways.models.site`: ``TrainingSettings`` (a site setting) and ``HelpContact``.
* :mod:`pathways.models.pathways`: ``ReferralPathway`` with its ordered ``PathwayStep`` rows, and
  ``PathwayChange``, written each time a pathway is published with different content.
* :mod:`pathways.models.indicator_library`: ``Indicator``, the signs that lessons, questions and
  scenarios point to.

Every public name is importable from ``pathways.models``.
"""

from pathways.models.indicator_library import Indicator, validate_exploitation_types
from pathways.models.pathways import (
    PathwayChange,
    PathwayStep,
    ReferralPathway,
    StepChanges,
    changed_step_keys,
    pathway_snapshot,
    published_content_differs,
    step_reference,
)
from pathways.models.site import HelpContact, HelpContactQuerySet, TrainingSettings

__all__ = [
    "HelpContact",
    "HelpContactQuerySet",
    "Indicator",
    "PathwayChange",
    "PathwayStep",
    "ReferralPathway",
    "StepChanges",
    "TrainingSettings",
    "changed_step_keys",
    "pathway_snapshot",
    "published_content_differs",
    "step_reference",
    "validate_exploitation_types",
]
