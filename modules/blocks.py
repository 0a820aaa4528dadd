"""
The building blocks of a lesson.

A lesson's body is a StreamField of these blocks. Each block is small, renders with its own
template under ``templates/modules/blocks/``, and carries a description and a preview value so
that trainers see what it does in the block picker. Every block renders as plain, semantic HTML
that works without JavaScript (the accordion is a set of ``<details>`` elements).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from modules.choosers import ScenarioChooserBlock
from modules.nations import Nation, nation_of
from modules.scenario_practice import practice_context
from pathways.indicators import SignCategory
from quizzes.models.scenarios import ScenarioUse

#: Rich text features trainers may use inside lessons: no headings above h3, no raw embeds.
LESSON_RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "hr"]


class LabelledCharBlock(blocks.CharBlock):
    """A line of text whose input is named for screen readers where Wagtail shows no label.

    A ``ListBlock`` draws its items without a ``<label>``, so each input carries
    ``aria_label`` ("Key point", "Question to reflect on") as its ``aria-label`` (axe rule
    ``label``). Only the form changes: the block deconstructs as a plain ``CharBlock``, so the
    stored data and the migrations are those of a ``CharBlock``.
    """

    def __init__(self, *args, aria_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = aria_label

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("aria_label", None)
        return "wagtail.blocks.CharBlock", args, kwargs


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson (rendered as h2)."""

    text = blocks.CharBlock(label=_("Heading"), max_length=160)

    class Meta:
        icon = "title"
        template = "modules/blocks/heading_block.html"
        description = _("A section heading that breaks the lesson into parts.")
        preview_value = {"text": "Three parts of the definition"}
        label = _("Heading")


class TextBlock(blocks.RichTextBlock):
    """Paragraphs and lists of teaching text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", LESSON_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "modules/blocks/text_block.html"
        description = _("Paragraphs and lists of teaching text.")
        preview_value = (
            "<p>Trafficking has three parts: an <b>act</b> (such as recruiting or moving a "
            "person), a <b>means</b> (such as threats or deception) and a <b>purpose</b>: "
            "exploitation.</p>"
        )
        label = _("Text")


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative every learner using a screen reader needs."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "modules/blocks/image_block.html"
        description = _("An image with required alternative text and an optional caption.")
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """A video from a supported provider, always with a transcript."""

    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=LESSON_RICH_TEXT_FEATURES,
        help_text=_("Required: learners who cannot hear or play the video read this instead."),
    )

    class Meta:
        icon = "media"
        template = "modules/blocks/video_block.html"
        description = _("An embedded video with a transcript.")
        label = _("Video")


class CalloutBlock(blocks.StructBlock):
    """A boxed note: information, a warning, or a content note before distressing material."""

    style = blocks.ChoiceBlock(
        choices=[
            ("information", _("Information")),
            ("warning", _("Warning")),
            ("content_note", _("Content note")),
        ],
        default="information",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    body = blocks.RichTextBlock(label=_("Text"), features=LESSON_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "modules/blocks/callout_block.html"
        description = _("A boxed note: information, a warning or a content note.")
        preview_value = {
            "style": "warning",
            "title": "Never confront",
            "body": "<p>Do not challenge anyone you think may be controlling the person.</p>",
        }
        label = _("Callout")


class KeyPointsBlock(blocks.StructBlock):
    """A short list of the points to remember."""

    title = blocks.CharBlock(label=_("Title"), max_length=160, default=_("Key points"))
    points = blocks.ListBlock(
        LabelledCharBlock(max_length=400, aria_label=_("Key point")), label=_("Points")
    )

    class Meta:
        icon = "list-ul"
        template = "modules/blocks/key_points_block.html"
        description = _("A short list of the points to remember.")
        preview_value = {
            "title": "Key points",
            "points": ["You need a reason to believe, not proof.", "In danger, call 999."],
        }
        label = _("Key points")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=LESSON_RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Questions that open to show their answers."""

    title = blocks.CharBlock(label=_("Title"), max_length=160, required=False)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ol"
        template = "modules/blocks/accordion_block.html"
        description = _("Questions that open to show their answers (works without JavaScript).")
        preview_value = {
            "title": "Common questions",
            "items": [
                {
                    "question": "Does trafficking need a border crossing?",
                    "answer": "<p>No. A person can be trafficked within one town.</p>",
                }
            ],
        }
        label = _("Accordion")


class CaseStudyBlock(blocks.StructBlock):
    """A short realistic situation with questions for the learner to reflect on."""

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    content_note = blocks.CharBlock(
        label=_("Content note"),
        required=False,
        max_length=250,
        help_text=_("Say what distressing material follows, if any."),
    )
    body = blocks.RichTextBlock(label=_("Situation"), features=LESSON_RICH_TEXT_FEATURES)
    reflection = blocks.ListBlock(
        LabelledCharBlock(max_length=300, aria_label=_("Question to reflect on")),
        label=_("Questions to reflect on"),
        required=False,
    )

    class Meta:
        icon = "doc-full"
        template = "modules/blocks/case_study_block.html"
        description = _("A realistic situation with questions to reflect on.")
        preview_value = {
            "title": "At the food distribution",
            "content_note": "",
            "body": "<p>A woman always comes with the same man, who answers for her.</p>",
            "reflection": ["Which details would you record?"],
        }
        label = _("Case study")


class IndicatorCardValue(blocks.StructValue):
    def category_label(self):
        """The category's name in words, for the learner."""
        try:
            return SignCategory(self.get("category")).label
        except ValueError:
            return ""


class IndicatorCardBlock(blocks.StructBlock):
    sign = blocks.CharBlock(label=_("Sign"), max_length=200)
    category = blocks.ChoiceBlock(choices=SignCategory.choices, label=_("Category"))
    explanation = blocks.TextBlock(label=_("Explanation"))

    class Meta:
        value_class = IndicatorCardValue


class IndicatorCardsBlock(blocks.StructBlock):
    """A set of signs of trafficking, each with its category and what it can tell you."""

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    from_library = blocks.ListBlock(
        SnippetChooserBlock("pathways.Indicator"),
        label=_("Signs from the indicator library"),
        required=False,
        help_text=_("Shown first, with the library's wording; they stay up to date with it."),
    )
    cards = blocks.ListBlock(IndicatorCardBlock(), label=_("Signs written here"), required=False)

    class Meta:
        icon = "view"
        template = "modules/blocks/indicator_cards_block.html"
        description = _("Signs of trafficking, each with its category and an explanation.")
        preview_value = {
            "title": "Signs to notice",
            "cards": [
                {
                    "sign": "Someone else holds their passport",
                    "category": SignCategory.RESTRICTED_MOVEMENT.value,
                    "explanation": "A reason to be concerned, not proof on its own.",
                }
            ],
        }
        label = _("Indicator cards")


class PathwayStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    body = blocks.RichTextBlock(label=_("What to do"), features=LESSON_RICH_TEXT_FEATURES)
    urgent = blocks.BooleanBlock(label=_("Urgent"), required=False)


class WhatToDoBlock(blocks.StructBlock):
    """The steps of the internal referral pathway, in order."""

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    intro = blocks.RichTextBlock(
        label=_("Introduction"), required=False, features=LESSON_RICH_TEXT_FEATURES
    )
    steps = blocks.ListBlock(PathwayStepBlock(), label=_("Steps"))

    class Meta:
        icon = "list-ol"
        template = "modules/blocks/what_to_do_block.html"
        description = _("The steps of the internal referral pathway, in order.")
        preview_value = {
            "title": "What to do if you are worried",
            "intro": "",
            "steps": [
                {
                    "title": "If anyone is in immediate danger, call 999",
                    "body": "<p>Safety comes before everything else.</p>",
                    "urgent": True,
                },
                {
                    "title": "Tell the anti-trafficking lead the same day",
                    "body": "<p>Share the facts you recorded.</p>",
                    "urgent": False,
                },
            ],
        }
        label = _("What to do")


class ScenarioPracticeBlock(blocks.StructBlock):
    """A spot-the-signs scenario to practise: unlimited tries, feedback at every step."""

    scenario = ScenarioChooserBlock(label=_("Scenario"))
    introduction = blocks.CharBlock(
        label=_("Introduction"),
        required=False,
        max_length=300,
        help_text=_("Optional: one sentence on why this scenario is here."),
    )

    #: It shows the learner's own practice and a form, so it is never rendered once for all
    #: learners (see ``modules/templatetags/lesson_tags.py``).
    renders_for_each_learner = True

    class Meta:
        icon = "view"
        template = "modules/blocks/scenario_practice_block.html"
        description = _(
            "A spot-the-signs scenario learners practise here: unlimited tries, feedback at "
            "every step, nothing recorded beyond the lesson."
        )
        label = _("Scenario practice")

    def clean(self, value):
        """Refuse a scenario kept for assessment: practising it would show its path."""
        value = super().clean(value)
        scenario = value.get("scenario")
        if scenario is not None and not ScenarioUse(scenario.use).may_be_practised:
            raise StructBlockValidationError(
                block_errors={
                    "scenario": ValidationError(
                        _(
                            "This scenario is kept for assessment: learners would see its "
                            "recommended path before the quiz. Choose a practice scenario."
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(practice_context(parent_context or {}, value))
        return context


class ReferralPathwayBlock(blocks.StructBlock):
    """The organisation's referral pathway, embedded as it is published now."""

    pathway = SnippetChooserBlock("pathways.ReferralPathway", label=_("Referral pathway"))

    class Meta:
        icon = "list-ol"
        template = "modules/blocks/referral_pathway_block.html"
        description = _(
            "A referral pathway from Training content, always shown as currently published."
        )
        label = _("Referral pathway")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        pathway = _in_language_of((parent_context or {}).get("page"), value.get("pathway"))
        context["pathway"] = pathway if pathway is not None and pathway.live else None
        return context


def _in_language_of(page, pathway):
    """``pathway`` in the language of ``page`` when it has a live translation (one query, only
    when they differ); otherwise as chosen, in its own language (the template marks it)."""
    if pathway is None or page is None or pathway.locale_id == getattr(page, "locale_id", None):
        return pathway
    translated = (
        type(pathway)
        .objects.filter(
            translation_key=pathway.translation_key, locale_id=page.locale_id, live=True
        )
        .first()
    )
    return translated or pathway


class NationPanelBlock(blocks.StructBlock):
    nation = blocks.ChoiceBlock(choices=Nation.choices, label=_("Nation"))
    body = blocks.RichTextBlock(label=_("What applies there"), features=LESSON_RICH_TEXT_FEATURES)


class NationsBlock(blocks.StructBlock):
    """What differs between England and Wales, Scotland and Northern Ireland: one panel each.

    The learner's own nation (from the region in their profile, :mod:`modules.nations`) comes
    first and is marked; a learner whose region names no nation sees the order given here.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=160)
    intro = blocks.RichTextBlock(
        label=_("Introduction"), required=False, features=LESSON_RICH_TEXT_FEATURES
    )
    panels = blocks.ListBlock(NationPanelBlock(), label=_("Nations"))

    #: The order depends on the learner (see ``modules/templatetags/lesson_tags.py``).
    renders_for_each_learner = True

    class Meta:
        icon = "site"
        template = "modules/blocks/nations_block.html"
        description = _("What differs in each UK nation; the learner's own nation is shown first.")
        preview_value = {
            "title": "The law in each UK nation",
            "intro": "",
            "panels": [
                {"nation": "england_wales", "body": "<p>The Modern Slavery Act 2015.</p>"},
                {
                    "nation": "scotland",
                    "body": "<p>The Human Trafficking and Exploitation (Scotland) Act 2015.</p>",
                },
            ],
        }
        label = _("Nations")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        own = nation_of((parent_context or {}).get("request"))
        panels = list(value["panels"])
        # A stable sort: the learner's nation first, the trainer's order otherwise.
        panels.sort(key=lambda panel: panel["nation"] != own)
        context["panels"] = [
            {
                "nation": panel["nation"],
                "label": Nation(panel["nation"]).label if panel["nation"] in Nation.values else "",
                "body": panel["body"],
                "is_own": own is not None and panel["nation"] == own,
            }
            for panel in panels
        ]
        return context


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    publisher = blocks.CharBlock(label=_("Publisher"), max_length=160)
    year = blocks.IntegerBlock(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("The year of the edition relied on. Leave empty only if it is not known."),
    )
    url = blocks.URLBlock(label=_("Web address"), required=False)


class SourcesBlock(blocks.StructBlock):
    """The sources a lesson relies on: legislation, guidance, indicator lists, statistics."""

    title = blocks.CharBlock(label=_("Title"), max_length=160, default=_("Sources"))
    sources = blocks.ListBlock(SourceBlock(), label=_("Sources"))

    class Meta:
        icon = "link"
        template = "modules/blocks/sources_block.html"
        description = _(
            "The sources this lesson relies on, each with its publisher and year; put it last."
        )
        preview_value = {
            "title": "Sources",
            "sources": [
                {
                    "title": "Modern Slavery Act 2015",
                    "publisher": "UK Parliament (legislation.gov.uk)",
                    "year": 2015,
                    "url": "https://www.legislation.gov.uk/ukpga/2015/30/contents",
                }
            ],
        }
        label = _("Sources")


class WellbeingSupportBlock(blocks.StructBlock):
    """Where learners turn for support: the organisation's wellbeing service, manager and lead.

    The wellbeing service comes from the training settings trainers edit (``TrainingSettings``),
    so that every lesson names the same, current route.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=160, default=_("Support for you"))

    class Meta:
        icon = "help"
        template = "modules/blocks/wellbeing_support_block.html"
        description = _(
            "The organisation's wellbeing support, your manager and the lead, from the training "
            "settings."
        )
        preview_value = {"title": "Support for you"}
        label = _("Wellbeing support")


class LessonStreamBlock(blocks.StreamBlock):
    """Every block a trainer can put in a lesson."""

    heading = HeadingBlock()
    text = TextBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    accordion = AccordionBlock()
    case_study = CaseStudyBlock()
    indicator_cards = IndicatorCardsBlock()
    what_to_do = WhatToDoBlock()
    scenario_practice = ScenarioPracticeBlock()
    referral_pathway = ReferralPathwayBlock()
    nations = NationsBlock()
    wellbeing_support = WellbeingSupportBlock()
    sources = SourcesBlock()
