"""The default lessons: sources, content notes, the four nations, and each story told once."""

import re

import pytest

from content.demo.loader import read_module_files

MODULES = read_module_files()
LESSONS = [lesson for module in MODULES for lesson in module["lessons"]]
IDS = [lesson["slug"] for lesson in LESSONS]

#: Scenarios that are assessed only (issue 18): never practised in a lesson, never retold there.
ASSESSED_ONLY = {
    "food-parcel-whisper": r"whisper\w*\W[^.]{0,40}(can['’]t|cannot) leave",
    "shop-stockroom-boy": r"hide in the stockroom",
    "tracing-missing-sister": r"(find|finding) (her|his) (younger )?sister",
    "flood-farm-workers": r"caravan site|evacuated from a caravan",
}
#: What marks a passage as distressing enough to need a content note.
DISTRESSING = re.compile(
    r"\b(violence|bruis\w*|threat\w*|sexual(ly)? exploit\w*|forced (labour|begging|criminal)|"
    r"abuse|debt bondage)\b",
    re.I,
)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def text_of(lesson):
    return "\n".join(_strings(lesson["body"]))


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_ends_with_the_sources_it_relies_on(lesson):
    sources = lesson["body"][-1]
    assert sources["type"] == "sources"
    assert sources["sources"], "a sources block lists at least one source"
    for source in sources["sources"]:
        assert source["title"] and source["publisher"]
    kinds = " ".join(s["title"] for s in sources["sources"])
    # Every lesson rests on law, statutory guidance, indicator lists or published practice codes.
    assert re.search(
        r"Act 20\d\d|statutory guidance|[Ii]ndicators|[Cc]ode of [Cc]onduct|"
        r"trauma-informed",
        kinds,
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_lesson_with_distressing_material_has_a_content_note(lesson):
    distressing = DISTRESSING.search(text_of(lesson)) or lesson.get("practice_scenarios")
    if distressing:
        assert lesson.get("content_note", "").strip(), lesson["slug"]


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_assessed_only_scenarios_are_neither_practised_nor_retold(lesson):
    assert not set(lesson.get("practice_scenarios", [])) & set(ASSESSED_ONLY)
    for key, retelling in ASSESSED_ONLY.items():
        assert not re.search(retelling, text_of(lesson), re.I), (lesson["slug"], key)


def test_lessons_teach_each_nation_where_the_law_differs():
    nations_blocks = {
        lesson["slug"]: block
        for lesson in LESSONS
        for block in lesson["body"]
        if block["type"] == "nations"
    }
    # The legal framework, children and the Duty to Notify, and support for adults.
    assert {
        "legal-framework",
        "consent-children-duty-to-notify",
        "options-referrals-follow-up",
    } <= set(nations_blocks)
    for slug, block in nations_blocks.items():
        nations = [panel["nation"] for panel in block["panels"]]
        assert sorted(nations) == ["england_wales", "northern_ireland", "scotland"], slug
    everything = repr(nations_blocks)
    assert "Human Trafficking and Exploitation (Scotland) Act 2015" in everything
    assert (
        "Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act "
        "(Northern Ireland) 2015" in everything
    )


def test_looking_after_yourself_names_the_organisations_wellbeing_support():
    lesson = next(lesson for lesson in LESSONS if lesson["slug"] == "looking-after-yourself")
    assert "wellbeing_support" in [block["type"] for block in lesson["body"]]


def test_no_lesson_or_module_keeps_a_hand_written_time():
    for module in MODULES:
        assert "estimated_minutes" not in module
        assert not re.search(r"takes about \d+|about an hour", module.get("intro_html", ""))
        for lesson in module["lessons"]:
            assert "estimated_minutes" not in lesson
