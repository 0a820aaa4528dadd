"""
Who may open a module, and if not, why not.

Two rules decide it. The audience: a module with audience groups is open only to members of one
of them (an empty audience means every signed-in learner). The prerequisites: every live
prerequisite module must have been completed at least once. People who review content (trainers,
training managers, administrators) hold ``modules.open_any_module`` and pass both rules.

The functions here take what they need as arguments (the learner's group ids, the ids of modules
they have completed) so that a page listing many modules checks them all without extra queries.
"""

from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from elearning.permissions import user_group_ids

OPEN_ANY_MODULE_PERMISSION = "modules.open_any_module"


@dataclass(frozen=True)
class ModuleAccess:
    """The answer to "may this learner open this module?"."""

    allowed: bool
    #: Why the module is locked, in words for the learner.
    reason: str = ""
    #: What the learner can do about it.
    advice: str = ""
    #: Prerequisite modules still to complete (pages), so templates can link to them.
    missing_prerequisites: list = field(default_factory=list)


def learner_group_ids(user):
    """The ids of the learner's groups (read once per request, shared with permission checks)."""
    return user_group_ids(user)


def check_module_access(user, module, *, group_ids, completed_module_ids, can_open_any=None):
    """Decide whether ``user`` may open ``module``.

    ``module.audience`` and ``module.prerequisites`` should be prefetched (prerequisites limited
    to live pages); ``group_ids`` are the learner's group ids and ``completed_module_ids`` the ids
    (and translation keys) of modules they have completed in any cycle.
    """
    if not user.is_authenticated:
        return ModuleAccess(False, _("You need to sign in first."), "")
    if can_open_any is None:
        can_open_any = user.has_perm(OPEN_ANY_MODULE_PERMISSION)
    if can_open_any:
        return ModuleAccess(True)

    audience = list(module.audience.all())
    if audience and not any(group.id in group_ids for group in audience):
        names = ", ".join(sorted(group.name for group in audience))
        return ModuleAccess(
            False,
            format_lazy(_("This module is for: {names}."), names=names),
            _(
                "If your role includes this work, ask your training manager to add you to the "
                "right group. Everything else in the catalogue is open to you."
            ),
        )

    # Ids and translation keys: a prerequisite completed in any language counts.
    missing = [
        m
        for m in module.prerequisites.all()
        if m.id not in completed_module_ids and m.translation_key not in completed_module_ids
    ]
    if missing:
        titles = ", ".join(m.title for m in missing)
        return ModuleAccess(
            False,
            format_lazy(_("Complete {titles} before you start this module."), titles=titles),
            _(
                "Lessons you have already completed there stay complete, so you can pick up "
                "where you left off."
            ),
            missing,
        )
    return ModuleAccess(True)
