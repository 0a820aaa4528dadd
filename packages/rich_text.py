"""
Rich text from another site: kept to what this site's editor could have written.

A module package is made by another organisation, and its file can be edited by hand on the
way. Wagtail stores rich text as HTML and renders it as it is, trusting that its editor wrote
it. So an import does not trust a package's rich text: each value passes through Wagtail's own
whitelist for the features the receiving field allows (a lesson's text has headings and links, a
question's prompt has no headings), the way the editor cleans what a trainer pastes:

* a tag the field's features do not produce is unwrapped (its text stays);
* the content of ``<script>``, ``<style>`` and other tags that hold no readable text goes too;
* attributes go, except a link's ``href`` to a web, mail or phone address (never
  ``javascript:``) and the editor's own ``data-block-key``;
* a link to a page or document of the other site (``linktype``, an id that means nothing here)
  becomes its text; an embedded image or video of the other site is dropped.

Translated strings need no such care: wagtail-localize refuses any tag with attributes in a
translation (:mod:`packages.translations`), and keeps the English links' targets.
"""

import re

from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter
from wagtail.admin.rich_text.converters.editor_html import (
    BASE_WHITELIST_RULES,
    EditorHTMLConverter,
    WhitelistRule,
)
from wagtail.fields import RichTextField
from wagtail.whitelist import Whitelister

from packages.references import map_choosers

__all__ = ["clean_rich_text", "fields_cleaning_changes"]

#: Tags whose content is never readable text: dropped whole rather than unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
)

#: Strings the parser keeps that are not text.
NOT_TEXT = (Comment, CData, ProcessingInstruction, Declaration, Doctype)

#: The block elements Wagtail's editor marks with a ``data-block-key`` (kept: comments use it).
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
BLOCK_KEY = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


class _PackageWhitelister(Whitelister):
    """Wagtail's whitelist for a set of rich text features, strict about foreign links."""

    def __init__(self, features):
        rules = dict(BASE_WHITELIST_RULES)
        for rule in EditorHTMLConverter(features).converter_rules:
            if isinstance(rule, WhitelistRule):
                rules[rule.element] = rule.handler
        self.element_rules = rules

    def clean(self, html):
        doc = BeautifulSoup(html, "html.parser")
        self.clean_node(doc, doc)
        return doc.decode(formatter=_FORMATTER)

    def clean_string_node(self, doc, node):
        if isinstance(node, NOT_TEXT):
            node.extract()  # comments, CDATA, <?...?> and <!...>: never text a learner reads

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
            return
        if tag.name == "a" and "href" not in tag.attrs:
            # A link by id to the other site's page or document (or no link at all).
            for child in list(tag.contents):
                self.clean_node(doc, child)
            tag.unwrap()
            return
        block_key = tag.get("data-block-key") if tag.name in BLOCK_TAGS else None
        super().clean_tag_node(doc, tag)  # unwraps an unknown tag, strips unknown attributes
        if tag.name == "a" and "href" not in tag.attrs and tag.parent is not None:
            tag.unwrap()  # its address was refused (``javascript:``): the words stay
        elif tag.name in self.element_rules and block_key and BLOCK_KEY.match(str(block_key)):
            tag["data-block-key"] = block_key


class _MinimalFormatter(HTMLFormatter):
    """Escape only what must be: ``& < >`` in text, and ``"`` too in attribute values.

    Wagtail's whitelist escapes apostrophes as well, which would change the English of every
    string with one, and then no translation in the package would find its string here.
    """

    def __init__(self):
        super().__init__(
            entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix="/"
        )

    def attribute_value(self, value):
        return self.substitute(value).replace('"', "&quot;")


_FORMATTER = _MinimalFormatter()
_whitelisters = {}


def clean_rich_text(html, features):
    """``html`` with only what an editor with ``features`` (None: Wagtail's default) produces."""
    if not html or not isinstance(html, str):
        return html if isinstance(html, str) else ""
    key = tuple(features) if features is not None else None
    if key not in _whitelisters:
        _whitelisters[key] = _PackageWhitelister(features)
    return _whitelisters[key].clean(html)


def fields_cleaning_changes(model, values):
    """The names of ``model``'s fields whose rich text in ``values`` the cleaning would change.

    The import plan lists them, so a trainer knows where to look before publishing.
    """
    return [
        model_field.name
        for model_field in model._meta.concrete_fields
        if values.get(model_field.name) and _cleaning_changes(model_field, values[model_field.name])
    ]


def _cleaning_changes(model_field, value):
    stream_block = getattr(model_field, "stream_block", None)
    if stream_block is not None and isinstance(value, list):
        changed = []

        def note(html, features):
            cleaned = clean_rich_text(html, features)
            changed.append(cleaned != html)
            return cleaned

        map_choosers(stream_block, value, lambda _model, chosen: chosen, rich_text=note)
        return any(changed)
    if isinstance(model_field, RichTextField) and isinstance(value, str):
        return clean_rich_text(value, model_field.features) != value
    return False
