"""
Extension points for apps above ``pathways``.

``pathways`` sits just above ``elearning``: it may not import the quiz engine or the modules, yet
trainers who change a referral pathway need to see what depends on the steps they changed. Apps
above ``pathways`` therefore *report* their references through a Wagtail hook.

``PATHWAY_STEP_REFERENCES`` (``"referral_pathway_step_references"``)
    Register a function with ``@hooks.register(PATHWAY_STEP_REFERENCES)``. It is called with one
    argument, a list of step references such as ``["adults:tell-the-lead",
    "children:safeguarding-lead"]`` (``"<pathway key>:<step key>"``, see
    :func:`pathways.models.step_reference`), and must return an iterable of
    ``(label, admin_url, step_key)`` tuples, one per thing that refers to one of those steps:

    * ``label``: what refers to the step, in words a trainer understands, for example
      ``"Scenario “A form at the drop-in”, option “Tell the lead the same day”"``;
    * ``admin_url``: where a trainer edits it in the admin, or ``""`` when there is no such page;
    * ``step_key``: the reference it points to, exactly one of the references passed in.

    Return nothing (an empty iterable) when nothing refers to those steps. The function is called
    once per admin page with every reference on that page, so it should answer with a fixed
    number of queries, whatever the number of references. Tuples naming a reference that was not
    asked for are ignored; duplicates are shown once.

Example, in ``quizzes/wagtail_hooks.py``::

    from wagtail import hooks
    from pathways.hooks import PATHWAY_STEP_REFERENCES

    @hooks.register(PATHWAY_STEP_REFERENCES)
    def scenario_options_referring_to_steps(step_keys):
        for option in ScenarioOption.objects.filter(pathway_step__in=step_keys):
            yield (str(option), option.admin_edit_url, option.pathway_step)
"""

from dataclasses import dataclass

from wagtail import hooks

PATHWAY_STEP_REFERENCES = "referral_pathway_step_references"


@dataclass(frozen=True)
class StepReference:
    """Something outside ``pathways`` that refers to a pathway step."""

    label: str
    admin_url: str
    step_key: str


def find_step_references(step_keys):
    """
    Ask every registered :data:`PATHWAY_STEP_REFERENCES` hook what refers to ``step_keys``.

    Returns a dict from each step reference to the list of :class:`StepReference` that point to
    it (references nothing points to are absent). No hook is called when ``step_keys`` is empty.
    """
    wanted = list(dict.fromkeys(step_keys))
    found = {}
    if not wanted:
        return found
    for hook in hooks.get_hooks(PATHWAY_STEP_REFERENCES):
        for label, admin_url, step_key in hook(list(wanted)) or ():
            if step_key not in wanted:
                continue
            reference = StepReference(str(label), admin_url or "", step_key)
            if reference not in found.setdefault(step_key, []):
                found[step_key].append(reference)
    return found
