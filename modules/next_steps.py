"""
What a learner should do next, across all their modules (the top of ``/my-training/``).

One plan built from the module overviews the page already has (no query of its own), in the
order that matters for someone who must stay trained:

1. a refresher that is due or overdue (the expiry date says how urgent);
2. a module in progress (its next lesson or the quiz still to pass);
3. a module open to the learner but not started;
4. otherwise nothing to do now, with the date the earliest refresher falls due.

Locked modules never appear: their lock reason is shown on their card instead.
"""

import datetime
from dataclasses import dataclass

from modules.overview import ModuleStatus
from modules.validity import refresher_window_days


class NextStepKind:
    REFRESHER = "refresher"
    CONTINUE = "continue"
    START = "start"


@dataclass(frozen=True)
class NextStep:
    """One thing to do: what, in which module, where, and the date that makes it matter."""

    kind: str
    overview: object
    #: The page to open (a lesson or the quiz), None for a refresher (it is a button).
    page: object = None
    #: When the module's completion expires (refreshers and completed modules).
    expires_on: datetime.date = None

    @property
    def module(self):
        return self.overview.module


@dataclass(frozen=True)
class TrainingPlan:
    steps: list
    #: When nothing is to do now: the earliest day a refresher falls due (None: never).
    next_refresher_due_on: datetime.date = None

    @property
    def first(self):
        return self.steps[0] if self.steps else None


def refresher_due_on(valid_until):
    """The first day the refresher of a completion valid until ``valid_until`` is offered."""
    if valid_until is None:
        return None
    return valid_until - datetime.timedelta(days=refresher_window_days())


def plan(overviews):
    """The learner's :class:`TrainingPlan` from their module overviews (in catalogue order)."""
    refreshers, continuing, starting = [], [], []
    for overview in overviews:
        if overview.needs_refresher:
            refreshers.append(
                NextStep(NextStepKind.REFRESHER, overview, expires_on=overview.valid_until)
            )
        elif overview.status == ModuleStatus.IN_PROGRESS and overview.next_step is not None:
            continuing.append(NextStep(NextStepKind.CONTINUE, overview, page=overview.next_step))
        elif overview.status == ModuleStatus.NOT_STARTED and overview.next_step is not None:
            starting.append(NextStep(NextStepKind.START, overview, page=overview.next_step))
    # The most urgent refresher first: the one that expires (or expired) earliest.
    refreshers.sort(key=lambda step: step.expires_on or datetime.date.max)
    steps = refreshers + continuing + starting
    due_dates = [
        refresher_due_on(o.valid_until)
        for o in overviews
        if o.status == ModuleStatus.COMPLETED and o.valid_until is not None
    ]
    return TrainingPlan(steps=steps, next_refresher_due_on=min(due_dates) if due_dates else None)
