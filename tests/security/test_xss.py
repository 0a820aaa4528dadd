"""
Cross-site scripting: payloads in everything a learner types and in trainers' rich text.

Whatever is typed comes back escaped or stripped; nothing reaches a page as live markup. (The
Content Security Policy in ``test_headers.py`` is the second line: inline script would not run.)
"""

import json
from html.parser import HTMLParser

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from modules.blocks import LESSON_RICH_TEXT_FEATURES
from modules.models import LessonPage
from quizzes.models import QuestionResponse
from tests.factories import UserFactory
from tests.quizzes.helpers import complete_lessons, question_url, start, submit

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    '"><svg onload=alert("xss-svg")>',
    "<a href=\"javascript:alert('xss-link')\">click</a>",
    '<iframe src="https://evil.example/xss-frame"></iframe>',
    "<b onmouseover=alert('xss-hover')>bold</b>",
    "</textarea><script>alert('xss-break')</script>",
]


class LiveMarkupFinder(HTMLParser):
    """Collects the tags and attributes a browser would act on: the real attack surface."""

    DANGEROUS_TAGS = {"script", "iframe", "svg", "object", "embed", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS and not self.is_our_own_script(tag, dict(attrs)):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("<img src=x>")

    @staticmethod
    def is_our_own_script(tag, attrs):
        """The platform's own files from /static/js/ (what the CSP's script-src 'self' allows)."""
        return tag == "script" and (attrs.get("src") or "").startswith("/static/js/")


def assert_no_live_markup(html, where):
    finder = LiveMarkupFinder()
    finder.feed(html)
    assert finder.found == [], f"{where}: live markup {finder.found}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_free_text_answer_is_stored_clean_and_shown_escaped(
    client_for, volunteer, quiz_module, quiz, payload
):
    complete_lessons(volunteer, quiz_module)
    client = client_for(volunteer)
    attempt = start(client, quiz)
    number = next(i for i, q in enumerate(attempt.questions, 1) if q["type"] == "free_text")
    client.post(question_url(quiz, attempt, number), {"text": payload, "action": "review"})
    stored = QuestionResponse.objects.get(attempt=attempt).response["text"]
    assert_no_live_markup(stored, "stored answer")
    assert "<" not in stored.replace("<b>", "").replace("</b>", "")
    for url in (question_url(quiz, attempt, number), f"{quiz.url}attempt/{attempt.uuid}/review/"):
        assert_no_live_markup(client.get(url).content.decode(), url)
    submit(client, quiz, attempt, confirm_unanswered="yes")
    result = client.get(f"{quiz.url}attempt/{attempt.uuid}/result/")
    assert result.status_code == 200
    assert_no_live_markup(result.content.decode(), "result page")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sign_in_form_echoes_the_username_escaped(client, catalogue, payload):
    response = client.post("/accounts/login/", {"username": payload, "password": "x"})
    assert_no_live_markup(response.content.decode(), "sign-in")


def test_next_parameter_is_not_reflected_as_markup(client, catalogue):
    for payload in PAYLOADS:
        response = client.get("/accounts/login/", {"next": payload})
        assert_no_live_markup(response.content.decode(), "sign-in next")


def test_page_path_is_not_reflected_as_markup(client_for, volunteer, catalogue):
    response = client_for(volunteer).get("/<script>alert('xss-script')</script>/")
    assert response.status_code == 404
    assert_no_live_markup(response.content.decode(), "404")


def test_learner_names_are_escaped_wherever_they_show(client_for, catalogue, general_module):
    from learners.models import LearnerProfile

    learner = UserFactory(
        username="named", first_name=PAYLOADS[0], last_name=PAYLOADS[1], email="n@example.org"
    )
    LearnerProfile.objects.update_or_create(user=learner, defaults={"display_name": PAYLOADS[2]})
    client = client_for(learner)
    for url in ("/", "/my-training/", general_module.url, "/referral-pathway/"):
        assert_no_live_markup(client.get(url).content.decode(), url)


def contentstate(text, link_url):
    """What the Draftail editor posts: one paragraph whose last word links to ``link_url``."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1",
                    "type": "unstyled",
                    "text": text + " more",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": len(text) + 1, "length": 4, "key": 0}],
                },
                {
                    "key": "a2",
                    "type": "atomic",
                    "text": " ",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 1, "key": 1}],
                },
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link_url}},
                "1": {
                    "type": "EMBED",
                    "mutability": "IMMUTABLE",
                    "data": {"url": "https://evil.example/xss-frame"},
                },
            },
        }
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_trainer_rich_text_reaches_learners_without_script(
    client_for, volunteer, general_module, payload
):
    # Lesson text is written in the Draftail editor; the admin stores what its converter makes.
    converter = ContentstateConverter(LESSON_RICH_TEXT_FEATURES)
    html = converter.to_database_format(contentstate(payload, "javascript:alert('xss-link')"))
    lesson = LessonPage.objects.child_of(general_module).first()
    lesson.body = json.dumps([{"type": "text", "value": html}])
    lesson.save_revision().publish()
    body = client_for(volunteer).get(lesson.url).content.decode()
    assert_no_live_markup(body, "lesson")
    # Embeds are not a lesson text feature: the editor drops the EMBED entity entirely.
    assert_no_live_markup(html, "stored rich text")
