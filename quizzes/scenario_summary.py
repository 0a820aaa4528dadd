"""
A scenario path told back to the learner as sentences.

Result pages and practice scenarios summarise a path (the learner's own, or the recommended one)
one line per stage. Each line is a whole sentence or two: a stage title and the action chosen
are never run together, list items are joined with semicolons without doubled punctuation, and a
line says whose path it is ("Signs you picked" for the learner, "Signs to look for" for the
recommended path).

``explain=True`` adds, for each sign, whether it is a sign and whether the learner picked it,
and for each decision whether it was a critical error, with the author's explanation.
"""

from django.utils.translation import gettext as _

from quizzes.scenario_paths import option_of, stage_map

#: Whose path a summary tells: the learner's, or the recommended one.
YOURS = "yours"
RECOMMENDED = "recommended"

_ENDINGS = (".", "?", "!", "…", ":", ";")


def sentence(text):
    """``text`` stripped and ending with a full stop (unless it already ends a sentence)."""
    text = (text or "").strip()
    if not text or text.endswith(_ENDINGS):
        return text
    return text + "."


def clause(text):
    """``text`` stripped of the full stop at its end, to sit inside a list."""
    return (text or "").strip().rstrip(".").rstrip()


def listed(texts):
    """``"A; B; C."``, or a dash when there is nothing."""
    items = [clause(text) for text in texts if clause(text)]
    return "; ".join(items) + "." if items else "–"


def path_lines(snapshot, path, *, explain=False, whose=YOURS):
    """One line (whole sentences) per stage of ``path`` in scenario ``snapshot``."""
    stages = stage_map(snapshot)
    lines = []
    for step in path:
        stage = stages.get(step["stage"])
        if stage is None:
            continue
        if stage["kind"] == "spot_signs":
            picked = set(step.get("signs") or [])
            if explain:
                lines.extend(
                    _sign_explanation(o, o["key"] in picked) for o in stage["observations"]
                )
                continue
            texts = [o["text"] for o in stage["observations"] if o["key"] in picked]
            label = _("Signs to look for") if whose == RECOMMENDED else _("Signs you picked")
            lines.append(f"{label}: {listed(texts)}")
            continue
        option = option_of(stage, step.get("option"))
        if option is None:
            continue
        if explain:
            lines.append(_decision_explanation(option))
        elif whose == RECOMMENDED:
            lines.append(
                _("%(stage)s Recommended: %(action)s")
                % {"stage": sentence(stage["title"]), "action": sentence(option["text"])}
            )
        else:
            lines.append(
                _("%(stage)s You chose: %(action)s")
                % {"stage": sentence(stage["title"]), "action": sentence(option["text"])}
            )
    return lines


def _sign_explanation(observation, picked):
    if observation["indicator"]:
        verdict = (
            _("It is a sign, and you picked it.")
            if picked
            else _("It is a sign, and you did not pick it.")
        )
    else:
        verdict = (
            _("It is not enough on its own, and you picked it.")
            if picked
            else _("It is not enough on its own, and you did not pick it.")
        )
    parts = [sentence(observation["text"]), verdict, sentence(observation.get("explanation"))]
    return " ".join(part for part in parts if part)


def _decision_explanation(option):
    parts = [_("You chose: %(action)s") % {"action": sentence(option["text"])}]
    if option.get("critical"):
        parts.append(_("Critical error."))
    parts.append(sentence(option.get("feedback")))
    return " ".join(part for part in parts if part)
