"""
The default indicator library is the library the default stories need: no sign sits unused,
every category holds at least one sign, and every sign a scenario or lesson names exists.

Issue 18: "unused indicators are either used or removed". A sign counts as used when a default
scenario observation points at it, or a lesson's indicator cards take it from the library.
"""

import tomllib
from pathlib import Path

import pytest

from pathways.indicators import SignCategory

DATA_DIR = Path(__file__).resolve().parents[2] / "content" / "demo" / "data"


def _load(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


LIBRARY = _load(DATA_DIR / "indicators.toml")["indicators"]


def _keys_used():
    used = set()
    for path in sorted((DATA_DIR / "scenarios").glob("*.toml")):
        for stage in _load(path)["stages"]:
            used |= {o["indicator"] for o in stage.get("observations", []) if o["indicator"]}
    for path in sorted((DATA_DIR / "modules").glob("*/lessons/*.toml")):
        for block in _load(path)["body"]:
            if block["type"] == "indicator_cards":
                used |= set(block.get("from_library", []))
    return used


USED = _keys_used()


@pytest.mark.parametrize("key", [indicator["key"] for indicator in LIBRARY])
def test_every_sign_in_the_library_is_used_by_a_default_scenario_or_lesson(key):
    assert key in USED, f"indicator {key!r} is used by no default scenario or lesson"


def test_every_sign_a_story_uses_is_in_the_library():
    library = {indicator["key"] for indicator in LIBRARY}
    assert not USED - library


def test_the_removed_signs_that_no_story_showed_are_gone():
    keys = {indicator["key"] for indicator in LIBRARY}
    assert not keys & {"fear-of-authorities", "no-personal-life", "overcrowded-housing"}


@pytest.mark.parametrize("category", SignCategory.values)
def test_every_category_holds_a_sign(category):
    assert any(indicator["category"] == category for indicator in LIBRARY)


@pytest.mark.parametrize(
    ("key", "category"),
    [
        # ILO forced labour indicators: none is a "personal effect" or a "travel time".
        ("wages-withheld", SignCategory.WORK_MONEY_DEBT),
        ("debt-bondage", SignCategory.WORK_MONEY_DEBT),
        ("excessive-hours", SignCategory.WORK_MONEY_DEBT),
        ("deceptive-recruitment", SignCategory.WORK_MONEY_DEBT),
        ("forced-criminal-activity", SignCategory.WORK_MONEY_DEBT),
        # Grooming is not a matter of appearance or isolation.
        ("unexplained-goods", SignCategory.GROOMING_AND_COERCION),
        ("online-sexual-pressure", SignCategory.GROOMING_AND_COERCION),
        # The organ removal signs are medical, not signs of isolation.
        ("procedure-not-understood", SignCategory.MEDICAL),
        ("unexplained-family-link", SignCategory.MEDICAL),
        # The Home Office's seven categories keep the signs they describe.
        ("documents-held", SignCategory.RESTRICTED_MOVEMENT),
        ("lives-at-workplace", SignCategory.POOR_LIVING_CONDITIONS),
        ("someone-speaks-for-them", SignCategory.RELUCTANCE_TO_SEEK_HELP),
    ],
)
def test_a_sign_sits_in_the_category_that_describes_it(key, category):
    by_key = {indicator["key"]: indicator["category"] for indicator in LIBRARY}
    assert by_key[key] == category
