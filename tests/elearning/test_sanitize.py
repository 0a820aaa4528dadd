"""Learner free text is cleaned in one place."""

from elearning.sanitize import clean_learner_text, plain_text


def test_script_and_attributes_are_removed():
    cleaned = clean_learner_text('<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert cleaned == "<p>Hialert(1)</p>"


def test_null_bytes_are_dropped_and_length_is_capped():
    assert clean_learner_text("a\x00b" * 10, max_length=5) == "ababa"


def test_plain_text_strips_markup_but_keeps_ampersands():
    assert plain_text("<b>O'Brien</b> &amp; Sons <img src=x onerror=alert(1)>") == "O'Brien & Sons"


def test_none_is_empty():
    assert clean_learner_text(None) == "" and plain_text(None) == ""
