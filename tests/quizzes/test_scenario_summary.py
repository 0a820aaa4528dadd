"""A scenario path told back as sentences: no run-together titles, no doubled punctuation, and
the recommended path labelled as what to look for, not what the learner picked."""

import json

from quizzes.scenario_summary import RECOMMENDED, YOURS, path_lines, sentence
from tests.factories.questions import scenario_stages


def snapshot():
    stages = []
    for stage in scenario_stages():
        value = dict(stage["value"])
        value["kind"] = stage["type"]
        stages.append(value)
    return json.loads(json.dumps({"stages": stages}))


PATH = [
    {"stage": "signs", "signs": ["passport", "tired"]},
    {"stage": "act", "option": "private"},
]


def test_the_learners_path_reads_as_sentences():
    lines = path_lines(snapshot(), PATH, whose=YOURS)
    assert lines[0].startswith("Signs you picked: Boss holds his passport; ")
    assert lines[0].endswith(".") and ".;" not in lines[0] and ".." not in lines[0]
    # "The boss waits outside." then the action: a full stop between, never run together.
    assert lines[1].startswith("The boss waits outside. You chose: ")
    assert lines[1].endswith(".")


def test_the_recommended_path_is_labelled_signs_to_look_for():
    lines = path_lines(snapshot(), PATH, whose=RECOMMENDED)
    assert lines[0].startswith("Signs to look for: ")
    assert "Signs you picked" not in " ".join(lines)
    assert lines[1].startswith("The boss waits outside. Recommended: ")


def test_explanations_are_sentences_with_the_critical_error_named():
    path = [{"stage": "signs", "signs": ["passport"]}, {"stage": "act", "option": "confront"}]
    lines = path_lines(snapshot(), path, explain=True)
    assert (
        "Boss holds his passport. It is a sign, and you picked it. OBS-EXPLAIN passport." in lines
    )
    assert lines[-1] == (
        "You chose: Go and challenge the boss. Critical error. OPT-FEEDBACK confront."
    )
    assert not any("(" in line or "):" in line for line in lines)


def test_sentence_keeps_a_question_mark_and_adds_one_full_stop():
    assert sentence("What do you notice?") == "What do you notice?"
    assert sentence(" Call the lead ") == "Call the lead."
    assert sentence("Done.") == "Done."
