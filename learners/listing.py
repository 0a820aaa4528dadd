"""
Each learner's training in the Learners listing, supplied by an app above ``learners``.

``learners`` sits below ``modules`` and ``certificates`` (DESIGN.md), so it cannot read
enrolments or certificates. The listing asks the one registered :class:`TrainingStatusSource`
(``reports`` registers one when it is ready) for a column per module (the learner's status and
certificate expiry) and for the training filters (module, status, certificate expiring within N
days). Without a source the listing has no training columns and those filters do nothing.

A source works on querysets of :class:`~learners.models.LearnerProfile`: it *annotates* them with
correlated subqueries, a fixed number per module, so a page of the listing costs the same number
of queries whatever the number of learners.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass

__all__ = [
    "TrainingCell",
    "TrainingStatusSource",
    "register_training_status_source",
    "training_status_source",
]


@dataclass(frozen=True)
class TrainingCell:
    """One learner in one module: a status (value and words) and the certificate's expiry."""

    status: str
    label: str
    expires_on: object = None  # a date, or None: no certificate, or it never expires
    #: The certificate's expiry date has come (an older certificate, while a refresher runs).
    certificate_expired: bool = False


class TrainingStatusSource(ABC):
    """What the listing needs from the app that knows learners' training.

    A source implements every method (a subclass that misses one cannot be made); each says what
    it must return.
    """

    @abstractmethod
    def modules(self):
        """The modules that get a column, in display order: objects with ``id`` and ``title``
        (and whatever else :meth:`annotate` needs). Read once per listing page."""

    @abstractmethod
    def status_choices(self):
        """``[(value, label), ...]`` for the status filter."""

    @abstractmethod
    def annotate(self, profiles, modules):
        """``profiles`` with what :meth:`cell` reads for each of ``modules``: no query per row."""

    @abstractmethod
    def cell(self, profile, module_id):
        """The :class:`TrainingCell` of an annotated ``profile`` in one module."""

    @abstractmethod
    def filter(self, profiles, modules, *, module_id=None, status="", expiring_within=None):
        """Annotated ``profiles`` narrowed to those whose record in ``module_id`` (or, when it
        is ``None``, in any module) has ``status`` and/or a current certificate expiring within
        ``expiring_within`` days (from tomorrow to that many days ahead). A module with neither
        means the learners the module is for, or who started it anyway."""


_source = None


def register_training_status_source(source):
    """Make ``source`` (a :class:`TrainingStatusSource`) the listing's one source."""
    global _source
    _source = source
    return source


def training_status_source():
    """The registered source, or ``None``."""
    return _source
