"""
Tokens: the opaque values a question page shows for its options, steps and pairs.

Each option has a stable key (``q12o34``), which responses store and reports count, and a token
drawn at random for each attempt, which is all the page shows. Keys follow the order in which a
trainer created the options; tokens carry no order, length or pattern that leads to the answer.
Forms translate tokens back to keys. This module imports nothing from the app, so models and
forms can both use it.
"""

__all__ = ["add_tokens", "new_token", "shown_value"]


def new_token(rng, taken):
    """An opaque value for one option as shown in one attempt (16 hex digits, unique in ``taken``).

    Drawn from the attempt's random source (the operating system's in production), so tokens
    carry no order, length or pattern that leads to the answer.
    """
    while True:
        token = f"{rng.getrandbits(64):016x}"
        if token not in taken:
            taken.add(token)
            return token


def add_tokens(entries, rng, taken=None):
    """Give each dict in ``entries`` a fresh ``token``; returns ``entries``."""
    taken = set() if taken is None else taken
    for entry in entries:
        entry["token"] = new_token(rng, taken)
    return entries


def shown_value(entry):
    """What the page uses for an option, step or pair: its token (its key in older snapshots)."""
    return entry.get("token") or entry["key"]
