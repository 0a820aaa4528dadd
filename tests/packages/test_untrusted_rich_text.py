"""
A package's rich text is another site's HTML: the import keeps only what this site's editor
could have written, so a hand-edited package cannot put a script, an event handler, a
``javascript:`` link or a link to a page id of the other site in front of learners.
"""

import io

import pytest
from wagtail.models import Locale

from modules.models import LessonPage, QuizPage
from packages.exporting import export_module
from packages.format import read_package, write_package
from packages.importing import plan_import
from packages.rich_text import clean_rich_text
from packages.services import import_package
from quizzes.models import Question
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice

LESSON_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "hr"]
QUESTION_FEATURES = ["bold", "italic", "ol", "ul", "link"]

HOSTILE = (
    '<p data-block-key="k1">Read <b>this</b>.<script>stealCookies()</script>'
    '<img src="x" onerror="stealCookies()"></p>'
    '<p onclick="stealCookies()"><a href="javascript:stealCookies()">Click</a> or '
    '<a href="https://www.gov.uk/" onmouseover="stealCookies()">GOV.UK</a> or '
    '<a linktype="page" id="3">our lesson</a></p>'
    '<embed embedtype="image" id="4" format="left"/>'
    '<meta http-equiv="refresh" content="0;url=https://example.com/">'
    '<form action="https://example.com/"><input name="password"></form>'
    '<style>body{display:none}</style><iframe src="https://example.com/"></iframe>'
)
CLEAN_LESSON_TEXT = (
    '<p data-block-key="k1">Read <b>this</b>.</p>'
    '<p>Click or <a href="https://www.gov.uk/">GOV.UK</a> or our lesson</p>'
)


@pytest.mark.parametrize(
    ("html", "features", "expected"),
    [
        (HOSTILE, LESSON_FEATURES, CLEAN_LESSON_TEXT),
        # A heading the field has no feature for is unwrapped: its words stay.
        ("<h3>Signs</h3><h2>More</h2>", QUESTION_FEATURES, "SignsMore"),
        ("<h3>Signs</h3>", LESSON_FEATURES, "<h3>Signs</h3>"),
        # Addresses that are not web, mail or phone lose their link, even when disguised.
        ('<a href=" jav&#x09;ascript:x()">a</a>', LESSON_FEATURES, "a"),
        (
            '<a href="mailto:lead@example.org">b</a>',
            LESSON_FEATURES,
            '<a href="mailto:lead@example.org">b</a>',
        ),
        ('<a href="tel:999">c</a>', LESSON_FEATURES, '<a href="tel:999">c</a>'),
        # An odd block key is not carried; the editor's own are.
        ('<p data-block-key="x&quot; onload=&quot;y">d</p>', LESSON_FEATURES, "<p>d</p>"),
        ("", LESSON_FEATURES, ""),
        # Strings that are not text go.
        (
            "<p>e<!-- note --><![CDATA[<script>x()</script>]]><?php x(); ?><!DOCTYPE html></p>",
            LESSON_FEATURES,
            "<p>e</p>",
        ),
    ],
)
def test_rich_text_keeps_only_what_the_fields_editor_could_write(html, features, expected):
    assert clean_rich_text(html, features) == expected


def test_rich_text_the_editor_wrote_is_unchanged():
    """Not a character moves, apostrophes included: translations find their English by it."""
    html = (
        "<p>It's the person's choice &amp; their \"right\" to say no (1 &lt; 2).</p>"
        '<h3 data-block-key="a1">Spotting the signs</h3><p data-block-key="a2">Someone may '
        '<b>not</b> hold their <i>own</i> documents. See <a href="https://www.gov.uk/">GOV.UK</a>.'
        '</p><ul><li data-block-key="a3">One</li><li data-block-key="a4">Two</li></ul><hr/>'
    )
    assert clean_rich_text(html, LESSON_FEATURES) == html


@pytest.fixture
def hostile_package(catalogue):
    """A module's package, edited by hand to carry hostile HTML in every kind of rich text."""
    module = build_module(catalogue, slug="hostile", lessons=1)
    build_quiz(module, [single_choice(key="who-refers")])
    package = read_package(export_module(module))
    manifest = package.manifest
    for entry in manifest["pages"]:
        fields = entry["fields"]
        if "body" in fields:
            fields["body"] = [
                {"type": "text", "value": HOSTILE, "id": "00000000-0000-0000-0000-000000000001"},
                {
                    "type": "callout",
                    "value": {"style": "information", "title": "Note", "body": HOSTILE},
                    "id": "00000000-0000-0000-0000-000000000002",
                },
            ]
        if "intro" in fields:
            fields["intro"] = HOSTILE
    manifest["module"]["fields"]["intro"] = HOSTILE
    for entry in manifest["questions"]:
        entry["fields"]["prompt"] = HOSTILE
        entry["fields"]["general_feedback"] = HOSTILE
    return package


def _assert_harmless(html):
    for trace in (
        "stealCookies",
        "<script",
        "<img",
        "onerror",
        "javascript:",
        "<embed",
        "<meta",
        "<form",
        "<input",
        "<style",
        "<iframe",
        "linktype",
        'id="3"',
    ):
        assert trace not in html, trace
    assert '<a href="https://www.gov.uk/">GOV.UK</a>' in html


@pytest.mark.django_db
def test_the_plan_names_each_field_the_cleaning_changes(hostile_package):
    plan = plan_import(hostile_package)

    assert plan.cleaning_lines() == [
        f"{place}, {field}: markup this site does not allow is removed (the words stay)."
        for place, field in [
            ("Hostile", "introduction"),
            ("Lesson 1", "lesson content"),
            ("Check your understanding", "introduction"),
            ("who-refers", "question"),
            ("who-refers", "general feedback"),
        ]
    ]
    assert plan.lines()[-5:] == plan.cleaning_lines()


@pytest.mark.django_db
def test_the_admin_preview_lists_what_is_cleaned_and_renamed(hostile_package, client_for, trainer):
    data = write_package(hostile_package.manifest, hostile_package.images)
    file = io.BytesIO(data)
    file.name = "hostile.zip"

    response = client_for(trainer).post("/admin/module-packages/import/", {"package": file})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="w-h2">Cleaned</h2>' in html
    assert "<li>Lesson 1, lesson content: markup this site does not allow is removed" in html
    assert '<h2 class="w-h2">Renamed to fit this site</h2>' in html
    assert "<summary>Show the new name</summary>" in html
    # What to read comes first; the new names, folded, after it.
    assert html.index("Cleaned</h2>") < html.index("Renamed to fit this site</h2>")
    assert "<li>question key who-refers is taken here: becomes who-refers-2</li>" in html
    assert "stealCookies" not in html


@pytest.mark.django_db
def test_a_package_without_hostile_markup_plans_no_cleaning(catalogue):
    module = build_module(catalogue, slug="calm", lessons=2)
    build_quiz(module, [single_choice(key="who-refers")])

    assert plan_import(read_package(export_module(module))).cleaning_lines() == []


@pytest.mark.django_db
def test_imported_rich_text_is_cleaned_in_fields_and_in_blocks(hostile_package):
    module, _plan = import_package(hostile_package)

    _assert_harmless(module.intro)
    lesson = LessonPage.objects.child_of(module).get()
    body = lesson.body.raw_data
    _assert_harmless(body[0]["value"])
    _assert_harmless(body[1]["value"]["body"])
    assert body[0]["value"] == CLEAN_LESSON_TEXT
    quiz = QuizPage.objects.child_of(module).get()
    _assert_harmless(quiz.intro)
    question = Question.objects.get(key="who-refers-2").get_real_instance()
    _assert_harmless(question.prompt)
    _assert_harmless(question.general_feedback)
    # A question's prompt has no headings; the lesson's first paragraph keeps its block key.
    assert 'data-block-key="k1"' in question.prompt


@pytest.mark.django_db
def test_a_learner_never_receives_the_packages_script(hostile_package, client_for, volunteer):
    module, _plan = import_package(hostile_package)
    for page in [module, *module.get_descendants().specific()]:
        page.get_latest_revision().publish()
    lesson = LessonPage.objects.child_of(module).get()

    response = client_for(volunteer).get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Read <b>this</b>." in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    # The page has forms of its own (mark as complete): look for the package's.
    for trace in ("stealCookies", "example.com", "javascript:", "<iframe", "<embed", "<style"):
        assert trace not in main, trace
    assert '<a href="https://www.gov.uk/">GOV.UK</a>' in main


@pytest.mark.django_db
def test_a_translation_with_markup_of_its_own_falls_back_to_english(catalogue):
    """wagtail-localize refuses a translated string with a tag that has attributes."""
    welsh = Locale.objects.get(language_code="cy")
    catalogue.copy_for_translation(welsh)  # this site takes Welsh
    module = build_module(catalogue, slug="hostile", lessons=1)
    build_quiz(module, [single_choice(key="who-refers")])
    package = read_package(export_module(module))
    (entry,) = package.manifest["questions"]
    english = "Who refers into the NRM?"
    entry["translations"] = [
        {
            "locale": "cy",
            "strings": [
                ["prompt", english, 'Pwy? <img src="x" onerror="stealCookies()">'],
                ["title", english, "Pwy sy'n atgyfeirio i'r NRM?"],
            ],
        }
    ]

    import_package(package)

    welsh_question = Question.objects.get(key="who-refers-2", locale=welsh)
    assert welsh_question.title == "Pwy sy'n atgyfeirio i'r NRM?"
    assert welsh_question.prompt == f"<p>{english}</p>"
