"""
Security headers on every page a learner can reach, found by following links (not a fixed list).

Learner pages carry a strict Content Security Policy (no inline script or style), and their HTML
contains nothing that policy would block, so no page silently loses its behaviour or look. The
admin has its own, relaxed policy; the page preview still frames.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from learners.roles import Role
from pathways.models import ReferralPathway
from tests.content.pathway_builders import build_pathway
from tests.factories import build_module
from tests.quizzes.helpers import complete_lessons, start

pytestmark = pytest.mark.django_db

#: What a learner page's policy must say, directive by directive.
REQUIRED_LEARNER_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

#: Markup that a policy without 'unsafe-inline' would refuse to run or apply.
INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "<style>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I), "javascript: URL"),
]


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, _, sources = part.strip().partition(" ")
        parsed[name] = sources.strip()
    return parsed


def assert_learner_page_is_locked_down(url, response):
    header = response["Content-Security-Policy"]
    policy = directives(header)
    for name, sources in REQUIRED_LEARNER_DIRECTIVES.items():
        assert policy.get(name) == sources, (url, name, header)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert "camera=()" in response["Permissions-Policy"], url
    if not response["Content-Type"].startswith("text/html"):
        return  # a download (the wallet card PDF): the headers above are what matter
    body = response.content.decode()
    for pattern, what in INLINE_CODE:
        match = pattern.search(body)
        assert match is None, f"{url}: inline {what} would be blocked: {match.group(0)[:80]}"


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def crawl(client, start_urls, *, limit=80):
    """GET every same-site page reachable from ``start_urls`` (outside /admin/ and /static/)."""
    seen, queue, pages = set(), list(start_urls), []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        collector = LinkCollector()
        collector.feed(response.content.decode())
        for href in collector.links:
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
                continue
            if path not in seen:
                queue.append(path)
    return pages


@pytest.fixture
def pathways(db):
    if not ReferralPathway.objects.filter(key="adults").exists():
        build_pathway("adults")
    build_pathway("children", sort_order=1)


def test_every_page_a_learner_reaches_has_the_strict_policy(
    client_for, volunteer, catalogue, quiz_module, quiz, pathways
):
    build_module(catalogue, slug="caseworker-training", audience=[Role.CASEWORKER], lessons=1)
    client = client_for(volunteer)
    complete_lessons(volunteer, quiz_module)
    attempt = start(client, quiz)
    starts = [
        "/",
        f"{quiz.url}attempt/{attempt.uuid}/1/",
        f"{quiz.url}attempt/{attempt.uuid}/review/",
    ]
    pages = crawl(client, starts)
    statuses = {url: response.status_code for url, response in pages}
    # The crawl reached the kinds of page a learner uses, including a 403 (locked module).
    assert statuses["/"] == 200
    assert statuses["/my-training/"] == 200
    assert statuses["/referral-pathway/"] == 200
    assert statuses[quiz_module.url] == 200
    assert 403 in statuses.values()
    assert len(pages) >= 8, statuses
    for url, response in pages:
        if response.status_code in (200, 403, 404):
            assert_learner_page_is_locked_down(url, response)


def test_signed_out_pages_have_the_strict_policy(client, catalogue):
    pages = crawl(
        client,
        ["/accounts/login/", "/accounts/password_reset/", "/accounts/password_reset/done/"],
    )
    for url, response in pages:
        if response.status_code == 200:
            assert_learner_page_is_locked_down(url, response)
    assert_learner_page_is_locked_down("404", client.get("/no-such-page/"))


def test_server_error_page_has_no_inline_style(client, catalogue, settings):
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    for pattern, what in INLINE_CODE:
        assert pattern.search(body) is None, what
    assert "/static/css/site.css" in body


def test_admin_has_its_own_relaxed_policy(client_for, trainer, catalogue):
    response = client_for(trainer).get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["object-src"] == "'none'"


def previewable_pages(quiz_module):
    from modules.models import LessonPage, QuizPage

    return {
        "catalogue": quiz_module.get_parent().specific,
        "module": quiz_module,
        "lesson": LessonPage.objects.child_of(quiz_module).first(),
        "quiz": QuizPage.objects.child_of(quiz_module).first(),
    }


@pytest.mark.parametrize("page_type", ["catalogue", "module", "lesson", "quiz"])
def test_draft_preview_keeps_the_learner_policy_but_may_be_framed(
    client_for, trainer, quiz_module, page_type
):
    """Wagtail renders a preview through a dummy request for the page's own URL: the learner
    policy applies, except that our own origin (the admin's preview panel) may frame it."""
    page = previewable_pages(quiz_module)[page_type]
    client = client_for(trainer)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert page.title in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'self'"
    # Otherwise the strict learner policy: the preview shows learner templates.
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"


@pytest.mark.parametrize("page_type", ["catalogue", "module", "lesson", "quiz"])
def test_preview_panel_content_can_be_framed(client_for, trainer, quiz_module, page_type):
    """What the side panel's iframe loads (``edit/preview/``) may be framed by the admin."""
    page = previewable_pages(quiz_module)[page_type]
    response = client_for(trainer).get(f"/admin/pages/{page.pk}/edit/preview/?in_preview_panel=1")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'self'"


def test_learner_pages_still_refuse_framing_after_a_preview(client_for, trainer, quiz_module):
    page = previewable_pages(quiz_module)["lesson"]
    client = client_for(trainer)
    client.get(f"/admin/pages/{page.pk}/view_draft/")
    response = client.get(page.url)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_a_view_may_set_its_own_policy(rf):
    from django.http import HttpResponse

    from elearning.security import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_embedded_video_providers_are_configurable(rf, settings):
    from django.http import HttpResponse

    from elearning.security import SecurityHeadersMiddleware

    settings.CSP_FRAME_SRC = ["https://video.example.org"]
    settings.CSP_MEDIA_ORIGINS = ["https://media.example.org"]
    response = SecurityHeadersMiddleware(lambda r: HttpResponse())(rf.get("/"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-src"] == "https://video.example.org"
    assert policy["img-src"] == "'self' data: https://media.example.org"
