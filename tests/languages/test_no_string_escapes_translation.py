"""
No interface string escapes translation.

The learner's pages are rendered under a pseudo-locale (:mod:`tests.languages.pseudo`) in which
every string of the project's catalogue comes out as ``⟦string⟧``. Any visible text left
unwrapped must then have come from the database (page titles, lesson bodies, question text,
names); anything else is an interface string written without ``{% translate %}`` or
``gettext``, or one not yet extracted by ``makemessages``, and the test names it.
"""

import functools
import html
import json
import re
from html.parser import HTMLParser

import polib
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils import translation
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page

from modules.models import LessonPage
from tests.languages.pseudo import CLOSE, OPEN, PO_FILE, pseudo_english
from tests.quizzes.helpers import answer_all, complete_lessons, question_url, start, submit

#: Attributes a person reads or hears.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
WRAPPED = re.compile(re.escape(OPEN) + ".*?" + re.escape(CLOSE), re.S)
WORDS = re.compile(r"[^\W\d_]{2,}")


class VisibleText(HTMLParser):
    """The text nodes of ``<body>`` (not scripts or styles) and the attributes people read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skip, self._in_body = [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._in_body = True
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.texts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_body and not self._skip:
            self.texts.append(data)


def normalise(text):
    return " ".join(html.unescape(text).split())


def database_text():
    """Everything the database could put on a page: page fields, users' names, settings."""
    parts = []
    for page in Page.objects.all().specific():
        parts.append(json.dumps(page.serializable_data(), ensure_ascii=False, default=str))
    for user in get_user_model().objects.all():
        parts += [user.get_username(), user.get_full_name()]
    from django.conf import settings

    parts += [name for _code, name in settings.LANGUAGES]
    from certificates.models import Certificate
    from quizzes.models import QuestionResponse, QuizAttempt

    for attempt in QuizAttempt.objects.all():
        parts.append(json.dumps(attempt.questions, ensure_ascii=False, default=str))
    for response in QuestionResponse.objects.all():
        parts.append(json.dumps(response.response, ensure_ascii=False, default=str))
    for certificate in Certificate.objects.all():
        parts += [certificate.short_code, certificate.code, certificate.module_title]
    # Site settings an organisation writes (its name, the certificate wording...).
    for model in apps.get_models():
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting)):
            for setting in model.objects.all():
                parts.append(json.dumps(model_to_dict(setting), ensure_ascii=False, default=str))
    blob = normalise(re.sub(r"<[^>]+>", " ", " ".join(parts).replace("\\n", " ")))
    # Case aside: templates may capitalise a stored label (``capfirst``).
    return blob.replace('\\"', '"').casefold()


@functools.cache
def project_strings():
    """The project's own msgids: shown unwrapped, one of them was not put through gettext."""
    return frozenset(entry.msgid for entry in polib.pofile(str(PO_FILE)))


def translated_by_the_framework(text):
    """True for Django's and Wagtail's own strings (form labels, month names in dates...)."""

    def framework_has(words):
        # Django capitalises some of its own labels (``capfirst(verbose_name)``).
        for form in {words, words[:1].lower() + words[1:]}:
            if form not in project_strings() and translation.gettext(form) != form:
                return True
        return False

    with translation.override("cy"):
        if framework_has(text):
            return True
        # A date ("6 December 2026"): every word of it is Django's.
        return bool(re.search(r"\d", text)) and all(
            framework_has(word) for word in WORDS.findall(text)
        )


def escaped_strings(content, known):
    """Visible text on a page that is neither translated nor from the database."""
    parser = VisibleText()
    parser.feed(content)
    escaped = []
    for text in parser.texts:
        rest = normalise(WRAPPED.sub(" ", text))
        for piece in re.split(r"\s*[·|•:()–—→,.]\s+|\s{2,}", rest):
            piece = piece.strip(" .,:;·()–—")
            if (
                WORDS.search(piece)
                and piece.casefold() not in known
                and not translated_by_the_framework(piece)
            ):
                escaped.append(piece)
    return escaped


@pytest.fixture
def learner_pages(client_for, volunteer, quiz, quiz_module):
    """The learner's way through, as (name, path) pairs, for a volunteer part way through."""
    client = client_for(volunteer)
    lesson = LessonPage.objects.live().child_of(quiz_module).first()
    pages = [
        ("catalogue", "/"),
        ("module", quiz_module.url),
        ("lesson", lesson.url),
        ("quiz before the lessons", quiz.url),
        ("my training", "/my-training/"),
        ("my account", "/my-account/"),
        ("certificates", "/certificates/"),
        ("verify", "/certificates/verify/"),
    ]
    return client, pages


def assert_all_translated(client, pages):
    problems, rendered = {}, []
    with pseudo_english():
        for name, path in pages:
            response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            rendered.append((f"{name} ({path})", response.content.decode()))
    # Read after rendering: a page may create rows (a site's settings) on its first visit.
    known = database_text()
    for name, content in rendered:
        escaped = escaped_strings(content, known)
        if escaped:
            problems[name] = sorted(set(escaped))
    assert not problems, f"Interface text outside translation: {problems}"


@pytest.mark.django_db
def test_every_string_on_the_learner_pages_goes_through_translation(learner_pages):
    client, pages = learner_pages
    assert_all_translated(client, pages)


@pytest.mark.django_db
def test_every_string_of_a_quiz_and_its_result_goes_through_translation(
    client_for, volunteer, quiz, quiz_module
):
    client = client_for(volunteer)
    complete_lessons(volunteer, quiz_module)
    attempt = start(client, quiz)
    pages = [("quiz", quiz.url), ("first question", question_url(quiz, attempt, 1))]
    assert_all_translated(client, pages)
    answer_all(client, quiz, attempt, wrong_positions=(0,))
    pages = [("review", f"{quiz.url}attempt/{attempt.uuid}/review/")]
    assert_all_translated(client, pages)
    submit(client, quiz, attempt)
    pages = [("result", f"{quiz.url}attempt/{attempt.uuid}/result/")]
    assert_all_translated(client, pages)


@pytest.mark.django_db
def test_signed_out_pages_go_through_translation(client):
    pages = [("sign in", "/accounts/login/"), ("password reset", "/accounts/password_reset/")]
    assert_all_translated(client, pages)


def test_the_check_catches_a_string_written_without_translate():
    """The check itself: plain text is caught, translated text and database text are not."""
    page = (
        "<html><body><h1>⟦Your training⟧</h1><p>Safeguarding basics</p>"
        '<p>Continue where you left off</p><a aria-label="Open the menu">≡</a></body></html>'
    )
    assert escaped_strings(page, known="safeguarding basics") == [
        "Continue where you left off",
        "Open the menu",
    ]
