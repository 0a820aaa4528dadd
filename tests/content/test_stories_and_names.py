"""
Each story in the default content is told once, and no first name stands for two people.

Issue 18: a learner who meets "Minh" in a lesson, a quiz question and a scenario should meet one
young man, told once; a lesson that needs a scenario's story points at the practice scenario
rather than retelling it. Every default data file is read as a set of *stories*:

* a scenario (by its key);
* a lesson (a lesson file tells at most one case study of its own);
* a quiz question (by its bank and position).

A *name* is a capitalised word, met in the middle of a sentence somewhere in the content, that
never appears in lower case in the content's prose and is not on the hand-kept list below of
places, organisations, months and other words that are not people. Each name may belong to one
story only, with a single exception: a lesson may use the names of a scenario it embeds as
practice (``practice_scenarios``), because it is pointing at that scenario.

The detector is tested first on made-up content, so the scan cannot pass because it has stopped
finding names.
"""

import html
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "content" / "demo" / "data"

#: Capitalised words in the default content that are not people's first names. A trainer who
#: adds a place, an organisation or a title adds it here; a person's name never belongs here.
NOT_NAMES = frozenset(
    {
        "Aberlour",
        "April",
        "Army",
        "Article",
        "Assembly",
        "Assent",
        "Assurance",
        "Bamber",
        "Barnardo",
        "Belfast",
        "British",
        "Cardiff",
        "Combat",
        "Commission",
        "Commissioner",
        "Competent",
        "Coordination",
        "December",
        "Department",
        "Disparities",
        "Email",
        "Enforcement",
        "England",
        "European",
        "Foundation",
        "Friday",
        "Gangmasters",
        "Ghana",
        "Glasgow",
        "Guardianship",
        "Helen",
        "Hughes",
        "Improvement",
        "India",
        "Ireland",
        "January",
        "July",
        "Justice",
        "Kalayaan",
        "Leeds",
        "Lisburn",
        "March",
        "Mechanism",
        "Monday",
        "Monitoring",
        "Mr",
        "Northern",
        "November",
        "Operational",
        "Organization",
        "Palermo",
        "Parliament",
        "Persons",
        "Philippines",
        "Protocol",
        "Red",
        "Royal",
        "Salvation",
        "Saturday",
        "Saturdays",
        "Schedule",
        "Scottish",
        "September",
        "Sundays",
        "Suppress",
        "Swansea",
        "Tagalog",
        "Tuesday",
        "Twi",
        "Unit",
        "United",
        "Unseen",
        "Vietnamese",
        "Wales",
    }
)

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"(?<![\w’'-])([A-Z][a-zà-ÿ]+)(?![\w-])")
_LOWER_WORD = re.compile(r"\b[a-zà-ÿ]+\b")
#: Where a capitalised word may simply start a sentence, a list item or a quotation.
_SENTENCE_START = re.compile(r"(^|[.!?:;“\"(]|\n)\s*$")
#: Fields that hold identifiers rather than prose.
_IDENTIFIER_FIELDS = frozenset(
    {"key", "next", "indicator", "slug", "module", "setting", "pathway", "category", "kind", "step"}
)


def _strings(value, field=""):
    """Every prose string in a parsed data file, with the field it sits in."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str) and field not in _IDENTIFIER_FIELDS:
        yield html.unescape(_TAG.sub(" ", value))


def stories_in(files):
    """Map each story to its prose and, for a lesson, the scenarios it embeds as practice.

    ``files`` maps a path relative to the data directory to its parsed TOML.
    """
    stories = {}
    for path, data in files.items():
        if path.startswith("scenarios/"):
            stories[f"scenario {data['key']}"] = (list(_strings(data)), set())
        elif "/lessons/" in path:
            practice = set(data.get("practice_scenarios", []))
            stories[f"lesson {path}"] = (list(_strings(data)), practice)
        elif path.startswith("quizzes/"):
            for number, question in enumerate(data.get("questions", []), start=1):
                stories[f"question {number} of {path}"] = (list(_strings(question)), set())
            rest = {key: value for key, value in data.items() if key != "questions"}
            stories[f"quiz page {path}"] = (list(_strings(rest)), set())
        else:
            stories[f"file {path}"] = (list(_strings(data)), set())
    return stories


def names_by_story(stories):
    """The first names each story uses, found as the module docstring describes."""
    prose = [text for texts, _ in stories.values() for text in texts]
    lower_case = {word for text in prose for word in _LOWER_WORD.findall(text)}
    mid_sentence = set()
    for text in prose:
        for match in _WORD.finditer(text):
            if not _SENTENCE_START.search(text[: match.start()]):
                mid_sentence.add(match.group(1))
    names = {
        word for word in mid_sentence if word not in NOT_NAMES and word.lower() not in lower_case
    }
    return {
        story: {word for text in texts for word in _WORD.findall(text) if word in names}
        for story, (texts, _) in stories.items()
    }


def name_clashes(stories):
    """Names that two stories use, apart from a lesson pointing at the scenario it embeds."""
    used = names_by_story(stories)
    owners = defaultdict(set)
    for story, names in used.items():
        for name in names:
            owners[name].add(story)
    clashes = {}
    for name, holders in owners.items():
        scenarios = {h for h in holders if h.startswith("scenario ")}
        others = holders - scenarios
        pointing = {
            h
            for h in others
            if h.startswith("lesson ") and {f"scenario {key}" for key in stories[h][1]} & scenarios
        }
        if len(scenarios) + len(others - pointing) > 1:
            clashes[name] = sorted(holders)
    return clashes


def _default_files():
    return {
        str(path.relative_to(DATA_DIR)): tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DATA_DIR.rglob("*.toml"))
    }


# The detector, on made-up content -----------------------------------------------------------


def _made_up(lesson_text, *, practice=(), question_text="<p>Ask the lead.</p>"):
    return stories_in(
        {
            "scenarios/a.toml": {
                "key": "a",
                "narrative_html": "<p>At the drop-in, Zofia says her boss has her passport.</p>",
            },
            "modules/m/lessons/01.toml": {
                "practice_scenarios": list(practice),
                "body": [{"type": "text", "html": lesson_text}],
            },
            "quizzes/q.toml": {"questions": [{"prompt_html": question_text}]},
        }
    )


def test_a_lesson_retelling_a_scenario_it_does_not_embed_is_a_clash():
    stories = _made_up("<p>At the drop-in, Zofia says her boss holds her passport.</p>")
    assert name_clashes(stories) == {"Zofia": ["lesson modules/m/lessons/01.toml", "scenario a"]}


def test_a_lesson_may_name_the_scenario_it_embeds_as_practice():
    stories = _made_up("<p>In the practice that follows, think about Zofia.</p>", practice=["a"])
    assert name_clashes(stories) == {}


def test_a_question_reusing_a_scenario_name_is_a_clash_even_at_a_sentence_start():
    stories = _made_up("<p>Read on.</p>", question_text="<p>Zofia works in a laundry.</p>")
    assert name_clashes(stories) == {"Zofia": ["question 1 of quizzes/q.toml", "scenario a"]}


def test_places_on_the_list_and_words_met_in_lower_case_are_not_names():
    stories = _made_up(
        "<p>Teams in Glasgow and Cardiff: Respecting choice matters; respecting it is hard.</p>",
        question_text="<p>Our teams in Glasgow say the same.</p>",
    )
    assert name_clashes(stories) == {}
    assert names_by_story(stories)["scenario a"] == {"Zofia"}


# The default content ------------------------------------------------------------------------


def test_the_default_content_has_named_people_to_check():
    """Guards the scan below: the detector still finds the people in the default stories."""
    used = names_by_story(stories_in(_default_files()))
    assert {"Minh", "Elena", "Radu"} <= used["scenario grow-house-age-dispute"] | used[
        "scenario flood-farm-workers"
    ]
    assert sum(1 for names in used.values() if names) >= 40


def test_no_first_name_stands_for_people_in_two_stories():
    clashes = name_clashes(stories_in(_default_files()))
    assert clashes == {}, "\n".join(
        f"{name}: {', '.join(holders)}" for name, holders in sorted(clashes.items())
    )


@pytest.mark.parametrize(
    "path",
    sorted(str(p.relative_to(DATA_DIR)) for p in DATA_DIR.glob("modules/*/lessons/*.toml")),
)
def test_a_lesson_tells_at_most_one_case_study(path):
    """A lesson file counts as one story, so it may hold one case study of its own."""
    body = tomllib.loads((DATA_DIR / path).read_text(encoding="utf-8"))["body"]
    assert sum(1 for block in body if block["type"] == "case_study") <= 1
