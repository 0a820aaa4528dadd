"""Outline and landmarks: debrief headings sit below the question heading; lesson callouts are
named notes, not unnamed landmarks."""

from modules.templatetags.result_tags import demote_headings
from tests.modules.test_blocks import render


def test_debrief_headings_start_one_level_below_the_question():
    html = "<h3>What the signs meant</h3><p>x</p><h4>Detail</h4><h3>The path</h3>"
    assert demote_headings(html, 4) == (
        "<h4>What the signs meant</h4><p>x</p><h5>Detail</h5><h4>The path</h4>"
    )


def test_text_without_headings_is_unchanged():
    assert demote_headings("<p>Plain</p>", 4) == "<p>Plain</p>"


def test_callout_is_a_named_note_not_a_landmark():
    html = render("callout", {"style": "warning", "title": "Never confront", "body": "<p>x</p>"})
    assert "<aside" not in html
    assert 'role="note" aria-label="Warning: Never confront"' in html
