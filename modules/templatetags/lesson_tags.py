"""
Rendering a lesson's body: the parts that are the same for every learner are rendered once.

A lesson's body (:class:`modules.blocks.LessonStreamBlock`) is mostly content: text, headings,
images, callouts, indicator cards, the referral pathway. Rendering it is the largest part of
building a lesson page, and for these blocks the result is the same for every learner until a
trainer changes something. Only a few blocks draw on the learner or the request: a scenario to
practise shows the learner's own progress through it and a form. Such blocks say so with
``renders_for_each_learner = True`` on their class.

``{% lesson_body page %}`` renders the body exactly as ``{% include_block page.body %}`` does
(Wagtail's own rendering of each block, in the stream's wrapper), but keeps the rendered HTML of
the content blocks in the content memo (:mod:`elearning.content_memo`), one entry per page and
language for each version of the content; the blocks that render for each learner are rendered
on every request. A preview (a draft that may differ from the live page) is always rendered in
full.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from elearning.content_memo import remember

register = template.Library()


def _renders_for_each_learner(child):
    return getattr(child.block, "renders_for_each_learner", False)


def _render(body, child, context):
    # Wagtail's own rendering of one block of the stream, with the stream's wrapper around it.
    return body.stream_block.render_basic([child], context=context)


@register.simple_tag(takes_context=True)
def lesson_body(context, page):
    """``page.body`` rendered, its content blocks from the content memo where possible."""
    flat = context.flatten()
    body = page.body
    request = context.get("request")
    if page.pk is None or context.get("is_preview") or getattr(request, "is_preview", False):
        return mark_safe("\n".join(_render(body, child, flat) for child in body))

    def render_content_blocks():
        # None marks a block rendered for each learner, at the same place in the body.
        return [
            None if _renders_for_each_learner(child) else str(_render(body, child, flat))
            for child in body
        ]

    parts = remember(("lesson-body", page.pk, get_language()), render_content_blocks)
    if len(parts) != len(body):  # cannot happen within one content version; never show a mix
        parts = render_content_blocks()
    return mark_safe(
        "\n".join(
            _render(body, child, flat) if part is None else part
            for child, part in zip(body, parts, strict=True)
        )
    )
