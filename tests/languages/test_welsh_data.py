"""Welsh questions, scenarios, pathways and indicators: PO files loaded through wagtail-localize,
wiring kept from the English, and learners on /cy/ pages reading them."""

import random
import re
import shutil
import tomllib

import polib
import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from content.demo.data_translations import load_data_translations
from content.demo.loader import DATA_DIR, LoadReport
from content.demo.pathways import load_reference_content
from content.demo.scenarios import load_scenarios
from content.demo.source_strings import source_strings
from content.demo.translations import DRAFT_TOOL_NAME
from pathways.models import Indicator, ReferralPathway
from quizzes.models import Question, ScenarioQuestion
from quizzes.scenario_blocks import stages_as_data
from quizzes.services import QuizDefinition, start_attempt
from tests.factories.questions import category, single_choice

SCENARIO = "shop-stockroom-boy"

QUIZ_FILE = """
module = "general-awareness"
title = "Quiz"

[[questions]]
key = "who-refers"
type = "single_choice"
category = "Signs"
prompt_html = "<p>Who refers into the NRM?</p>"

[[questions.choices]]
text = "A First Responder"
correct = true
feedback = "RIGHT-FEEDBACK A First Responder"

[[questions.choices]]
text = "Any volunteer"
feedback = "WRONG-FEEDBACK Any volunteer"

[[questions.choices]]
text = "The person's employer"
feedback = "WRONG-FEEDBACK The person's employer"
"""


def toml_table(item):
    """The lines of one TOML table (strings and lists of strings are all indicators hold)."""
    import json

    return "".join(f"{name} = {json.dumps(value)}\n" for name, value in item.items())


def welsh_of(english, address):
    """A recognisable "translation": every paragraph and list item starts with CY."""
    if address.endswith("_html"):
        return re.sub(r"<(p|li)>", r"<\1>CY ", english)
    return f"CY {english}"


def write_po(path, data_file, *, only=None, english_override=None):
    """The PO file of ``data_file``, translated (for the addresses ``only`` names, if given)."""
    with open(data_file, "rb") as handle:
        strings = source_strings(tomllib.load(handle))
    po = polib.POFile()
    for string in strings:
        if only is not None and not any(string.address.startswith(p) for p in only):
            continue
        english = (english_override or {}).get(string.address, string.english)
        po.append(
            polib.POEntry(
                msgctxt=string.address, msgid=english, msgstr=welsh_of(english, string.address)
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def data_dir(tmp_path):
    """A data folder with the real adults pathway, the indicators, one scenario and one question."""
    data = tmp_path / "data"
    (data / "pathways").mkdir(parents=True)
    (data / "scenarios").mkdir()
    (data / "quizzes").mkdir()
    for name in ("adults", "children"):
        shutil.copy(DATA_DIR / "pathways" / f"{name}.toml", data / "pathways")
    # A few indicators keep the tests quick: those the scenario names, and one more.
    with open(DATA_DIR / "indicators.toml", "rb") as handle:
        library = tomllib.load(handle)["indicators"]
    with open(DATA_DIR / "scenarios" / f"{SCENARIO}.toml", "rb") as handle:
        named = {
            o.get("indicator")
            for stage in tomllib.load(handle)["stages"]
            for o in stage.get("observations", [])
        }
    (data / "indicators.toml").write_text(
        "".join(
            f"[[indicators]]\n{toml_table(item)}\n"
            for item in library
            if item["key"] in named | {"documents-held"}
        )
    )
    shutil.copy(DATA_DIR / "scenarios" / f"{SCENARIO}.toml", data / "scenarios")
    (data / "quizzes" / "general-awareness.toml").write_text(QUIZ_FILE)
    return data


@pytest.fixture
def english_content(db, data_dir):
    """The English originals, loaded as ``load_training_content`` loads them."""
    report = LoadReport()
    load_reference_content(
        report=report,
        pathways_dir=data_dir / "pathways",
        indicators_file=data_dir / "indicators.toml",
    )
    load_scenarios(report, scenarios_dir=data_dir / "scenarios")
    single_choice(key="who-refers", category=category("Signs"))
    return data_dir


@pytest.fixture
def translations_dir(tmp_path, data_dir):
    """Welsh PO files for every data file, every string translated."""
    translations = tmp_path / "translations"
    for data_file in data_dir.rglob("*.toml"):
        relative = data_file.relative_to(data_dir).with_suffix(".po")
        write_po(translations / "cy" / "data" / relative, data_file)
    return translations


def load(data_dir, translations_dir, **kwargs):
    report = LoadReport()
    load_data_translations(report, translations_dir=translations_dir, data_dir=data_dir, **kwargs)
    return report


@pytest.fixture
def loaded(english_content, translations_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return load(english_content, translations_dir)


@pytest.mark.django_db
def test_a_po_file_makes_a_welsh_question_with_welsh_options(loaded, welsh):
    english = Question.objects.get(key="who-refers", locale=Locale.get_default())
    question = english.get_translation(welsh)
    assert question.prompt == "<p>CY Who refers into the NRM?</p>"
    options = list(question.options.all())
    assert [o.text for o in options] == [
        "CY A First Responder",
        "CY Any volunteer",
        "CY The person's employer",
    ]
    assert options[0].feedback == "CY RIGHT-FEEDBACK A First Responder"
    # Wiring comes from the English: the right answer, and each option's shared key.
    assert [o.is_correct for o in options] == [True, False, False]
    assert [o.translation_key for o in options] == [
        o.translation_key for o in english.options.all()
    ]
    assert all(o.locale == welsh for o in options)
    # An ordinary wagtail-localize translation, recorded as a draft awaiting review.
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=welsh
    )
    assert translation.get_progress() == (8, 8)  # with the bank title, from the prompt
    assert set(
        StringTranslation.objects.filter(locale=welsh).values_list("tool_name", flat=True)
    ) == {DRAFT_TOOL_NAME}


@pytest.mark.django_db
def test_a_po_file_makes_a_welsh_scenario_with_its_wiring_unchanged(loaded, welsh):
    english = ScenarioQuestion.objects.get(key=SCENARIO, locale=Locale.get_default())
    scenario = english.get_translation(welsh)
    assert scenario.title == f"CY {english.title}"
    assert scenario.content_note.startswith("CY ")
    assert scenario.prompt.startswith("<p>CY ") and scenario.debrief.count("<p>CY ") >= 3
    english_stages, welsh_stages = stages_as_data(english.stages), stages_as_data(scenario.stages)
    for before, after in zip(english_stages, welsh_stages, strict=True):
        assert after["title"] == f"CY {before['title']}"
        assert after["prompt"].startswith("<p>CY ")
        assert (after["key"], after.get("next"), after.get("requires")) == (
            before["key"],
            before.get("next"),
            before.get("requires"),
        )
        for item, original in zip(
            after.get("observations", []) + after.get("options", []),
            before.get("observations", []) + before.get("options", []),
            strict=True,
        ):
            assert item["text"] == f"CY {original['text']}"
            wiring = ("key", "indicator", "pathway_step", "next", "points", "critical")
            assert {k: item.get(k) for k in wiring} == {k: original.get(k) for k in wiring}
    assert (scenario.key, scenario.pathway_key) == (english.key, english.pathway_key)


@pytest.mark.django_db
def test_a_po_file_makes_a_welsh_pathway_with_welsh_steps_and_welsh_indicators(loaded, welsh):
    english = ReferralPathway.objects.get(key="adults", locale=Locale.get_default())
    pathway = english.get_translation(welsh)
    assert pathway.live and pathway.title == f"CY {english.title}"
    steps, english_steps = list(pathway.steps.all()), list(english.steps.all())
    assert [s.key for s in steps] == [s.key for s in english_steps]
    assert all(s.title.startswith("CY ") and "<li>CY " in s.do for s in steps)
    assert [s.urgent for s in steps] == [s.urgent for s in english_steps]
    indicator = Indicator.objects.get(key="documents-held", locale=welsh)
    english_indicator = Indicator.objects.get(key="documents-held", locale=Locale.get_default())
    assert indicator.sign == f"CY {english_indicator.sign}"
    assert indicator.category == english_indicator.category


@pytest.mark.django_db
def test_a_string_whose_english_changed_stays_english(english_content, tmp_path, welsh):
    translations = tmp_path / "stale"
    write_po(
        translations / "cy" / "data" / "quizzes" / "general-awareness.po",
        english_content / "quizzes" / "general-awareness.toml",
        english_override={"questions[who-refers].choices[1].text": "Any old volunteer"},
    )
    report = load(english_content, translations)
    question = Question.objects.get(key="who-refers", locale=welsh)
    texts = [o.text for o in question.options.all()]
    assert texts == ["CY A First Responder", "Any volunteer", "CY The person's employer"]
    assert report.created


@pytest.mark.django_db
def test_html_that_does_not_match_the_english_is_skipped_and_reported(
    english_content, tmp_path, welsh
):
    translations = tmp_path / "broken"
    po_path = translations / "cy" / "data" / "quizzes" / "general-awareness.po"
    write_po(po_path, english_content / "quizzes" / "general-awareness.toml")
    po = polib.pofile(str(po_path))
    po.find("questions[who-refers].prompt_html", by="msgctxt").msgstr = "<p>Un</p><p>Dau</p>"
    po.save()
    report = load(english_content, translations)
    question = Question.objects.get(key="who-refers", locale=welsh)
    assert question.prompt == "<p>Who refers into the NRM?</p>"
    assert question.options.first().text == "CY A First Responder"
    assert any("prompt stays English" in line for line in report.kept)


@pytest.mark.django_db
def test_a_translation_cannot_alter_wiring(english_content, tmp_path, welsh):
    """A PO file naming a key, a stage reference or a pathway step changes nothing."""
    translations = tmp_path / "wiring"
    scenario_file = english_content / "scenarios" / f"{SCENARIO}.toml"
    write_po(translations / "cy" / "data" / "scenarios" / f"{SCENARIO}.po", scenario_file)
    po_path = translations / "cy" / "data" / "scenarios" / f"{SCENARIO}.po"
    po = polib.pofile(str(po_path))
    with open(scenario_file, "rb") as handle:
        first = tomllib.load(handle)["stages"][0]
    for name, value in (("key", first["key"]), ("next", first["next"])):
        po.append(
            polib.POEntry(msgctxt=f"stages[{first['key']}].{name}", msgid=value, msgstr="newid")
        )
    po.append(polib.POEntry(msgctxt="key", msgid=SCENARIO, msgstr="newid"))
    po.save()
    load(english_content, translations)
    english = ScenarioQuestion.objects.get(key=SCENARIO, locale=Locale.get_default())
    scenario = english.get_translation(welsh)
    assert scenario.key == SCENARIO
    stage = stages_as_data(scenario.stages)[0]
    assert (stage["key"], stage["next"]) == (first["key"], first["next"])
    # wagtail-localize does not offer wiring to translators at all.
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=welsh
    )
    contexts = {entry.msgctxt.rsplit(".", 1)[-1] for entry in translation.export_po()}
    assert contexts <= {
        "title",
        "content_note",
        "prompt",
        "debrief",
        "text",
        "explanation",
        "feedback",
        "image_alt_text",
    }


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_refresh_applies_the_files(
    loaded, english_content, translations_dir, welsh
):
    question = Question.objects.get(key="who-refers", locale=welsh)
    option = question.options.first()
    option.text = "Ymatebwr Cyntaf"  # a trainer's correction in the translation editor
    option.save()
    counts = (Question.objects.count(), StringTranslation.objects.count())
    report = load(english_content, translations_dir)
    assert not report.created and not report.refreshed and report.kept
    assert (Question.objects.count(), StringTranslation.objects.count()) == counts
    assert Question.objects.get(pk=question.pk).options.first().text == "Ymatebwr Cyntaf"

    load(english_content, translations_dir, refresh=True)
    assert Question.objects.get(pk=question.pk).options.first().text == "CY A First Responder"
    assert Question.objects.count() == counts[0]


@pytest.mark.django_db
def test_a_welsh_attempt_shows_welsh_options_and_feedback(loaded, welsh, volunteer):
    english = Question.objects.get(key="who-refers", locale=Locale.get_default())
    definition = QuizDefinition(
        quiz_id=1,
        title="Cwis",
        pass_mark=80,
        review_policy="explanations",
        question_ids=(english.pk,),
        source_locale_id=Locale.get_default().pk,
        locale_id=welsh.pk,
    )
    attempt, _ = start_attempt(user=volunteer, definition=definition, rng=random.Random(1))
    (snapshot,) = attempt.questions
    assert snapshot["prompt"] == "<p>CY Who refers into the NRM?</p>"
    assert sorted(o["text"] for o in snapshot["options"]) == [
        "CY A First Responder",
        "CY Any volunteer",
        "CY The person's employer",
    ]
    assert all(o["feedback"].startswith("CY ") for o in snapshot["options"])


@pytest.mark.django_db
def test_the_welsh_referral_pathway_shows_welsh_steps(loaded, client_for, volunteer):
    html = client_for(volunteer).get("/cy/referral-pathway/").content.decode()
    english = ReferralPathway.objects.get(key="adults", locale=Locale.get_default())
    first_step = english.steps.first()
    assert f"CY {english.title}" in html and f"CY {first_step.title}" in html
    assert "<li>CY " in html
    # Both pathways are translated: nothing on the page is marked as another language.
    assert 'class="pathway" id="pathway-adults" aria-labelledby="pathway-adults-title">' in html
    english_html = client_for(volunteer).get("/referral-pathway/").content.decode()
    assert first_step.title in english_html and "CY " not in english_html


@pytest.mark.django_db
def test_an_untranslated_pathway_shows_in_english_marked_as_english(
    english_content, client_for, volunteer
):
    html = client_for(volunteer).get("/cy/referral-pathway/").content.decode()
    marked = 'aria-labelledby="pathway-adults-title" lang="en-gb" dir="ltr">'
    assert f'id="pathway-adults" {marked}' in html


@pytest.mark.django_db
def test_a_welsh_quiz_page_asks_welsh_options_and_marks_untranslated_questions(
    loaded,
    welsh,
    catalogue,
    general_module,
    client_for,
    volunteer,
    django_capture_on_commit_callbacks,
):
    from content.demo.translations import translate_page
    from modules.models import QuizPage
    from tests.factories.questions import build_quiz, true_false

    english = Question.objects.get(key="who-refers", locale=Locale.get_default())
    quiz = build_quiz(general_module, [english, true_false()], requires_lessons=False)
    report, empty = LoadReport(), polib.POFile()
    with django_capture_on_commit_callbacks(execute=True):
        for page in (catalogue, general_module, quiz):
            translate_page(page, welsh, empty, report=report)
    welsh_quiz = QuizPage.objects.get(translation_key=quiz.translation_key, locale=welsh)
    client = client_for(volunteer)
    response = client.post(welsh_quiz.url + "start/")
    assert response.status_code == 302
    first = client.get(response["Location"]).content.decode()
    assert "CY A First Responder" in first and "CY Who refers into the NRM?" in first
    assert 'class="question__body">' in first  # in Welsh: no other language marked
    second = client.get(response["Location"].replace("/1/", "/2/")).content.decode()
    # Not translated yet: asked in English, marked as English for screen readers.
    assert 'class="question__body" lang="en-gb" dir="ltr">' in second


@pytest.mark.django_db
def test_a_changed_english_option_marks_the_welsh_question_out_of_date(loaded, welsh):
    from wagtail_localize.models import TranslationSource

    english = Question.objects.get(key="who-refers", locale=Locale.get_default())
    option = english.options.first()
    option.text = "A First Responder, such as the police"
    option.save()
    # What "Sync translated snippets" in the admin does: read the English again, then save.
    source = TranslationSource.objects.get(object_id=english.translation_key)
    source.update_from_db()
    translation = source.translations.get(target_locale=welsh)
    total, done = translation.get_progress()
    assert done == total - 1  # the changed option waits for the translator
    translation.save_target()
    texts = [o.text for o in Question.objects.get(key="who-refers", locale=welsh).options.all()]
    # The new English shows until then; the other options keep their Welsh (not overwritten).
    assert texts == [
        "A First Responder, such as the police",
        "CY Any volunteer",
        "CY The person's employer",
    ]
