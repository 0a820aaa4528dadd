"""
The referral pathway: what to do, step by step, when someone is worried about a person.

A :class:`ReferralPathway` (one for adults, one for children) is a translatable snippet with
drafts, revisions, previews and locking, edited in one admin form with its ordered
:class:`PathwayStep` rows. A step's ``key`` is a stable identifier: scenarios and questions refer
to a step as ``"<pathway key>:<step key>"`` (for example ``"adults:tell-the-lead"``), never by
database id, so that the reference survives edits, translations and reloads.

Every time a pathway is published with different content, a :class:`PathwayChange` records which
step references were added, changed or removed compared with the version learners saw before,
bumps the pathway's ``published_version`` and keeps a snapshot of what was published. Trainers
review these records in the admin ("Pathway changes") together with everything that refers to
the changed steps (see :mod:`pathways.hooks`), and mark a change *significant* when learners
need to hear about it.
"""

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Cast, Concat
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail_localize.fields import SynchronizedField

#: Rich text features for the pathway: short lists and emphasis read well on a phone and on paper.
PATHWAY_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]

#: The fields of a step that learners read; a difference in any of them is a changed step.
STEP_CONTENT_FIELDS = ("title", "do", "dont", "responsible", "contact", "urgent")

#: The fields of the pathway itself that learners read.
PATHWAY_CONTENT_FIELDS = ("key", "title", "intro")


def step_reference(pathway_key, step_key):
    """The stable way to refer to a step from elsewhere: ``"<pathway key>:<step key>"``."""
    return f"{pathway_key}:{step_key}"


class ReferralPathwayQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def for_quick_reference(self, language_code=None):
        """
        The live pathways learners read, in order, with their steps: a list (two queries).

        Each pathway comes in the requested language (default: the active one) or, where it has
        not been translated yet, in the site's default language, so that nobody ever sees an
        empty page of safety guidance because a translation is missing.
        """
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        try:
            wanted = get_supported_content_language_variant(
                language_code or translation.get_language() or default
            )
        except LookupError:
            wanted = default
        candidates = (
            self.live()
            .filter(locale__language_code__in={wanted, default})
            .select_related("locale")
            .prefetch_related("steps")
            .order_by("sort_order", "title", "pk")
        )
        translated = {p.translation_key for p in candidates if p.locale.language_code == wanted}
        return [
            pathway
            for pathway in candidates
            if pathway.locale.language_code == wanted or pathway.translation_key not in translated
        ]


class ReferralPathway(
    TranslatableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """One referral pathway (such as "If you are worried about an adult") and its steps."""

    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short, stable name such as “adults”. Scenarios and questions refer to steps as "
            "“key:step key”, so change it only when you also update what refers to it."
        ),
    )
    title = models.CharField(_("title"), max_length=255)
    intro = RichTextField(_("introduction"), blank=True, features=PATHWAY_RICH_TEXT_FEATURES)
    sort_order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Pathways with a lower number come first on the quick reference."),
    )
    published_version = models.PositiveIntegerField(
        _("published version"),
        default=0,
        editable=False,
        help_text=_("Goes up by one each time the pathway is published with changed content."),
    )

    objects = ReferralPathwayQuerySet.as_manager()

    #: The key is wiring (scenarios name steps as "key:step key"): a translation keeps it.
    override_translatable_fields = [SynchronizedField("key")]

    class Meta:
        db_table = "content_referralpathway"  # made when the model lived in ``content``
        verbose_name = _("referral pathway")
        verbose_name_plural = _("referral pathways")
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_key_locale_content_referralpathway",
            ),
            models.UniqueConstraint(
                fields=["key", "locale"], name="content_referralpathway_unique_key_per_locale"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._release_renamed_step_keys()
        super().save(*args, **kwargs)

    def _release_renamed_step_keys(self):
        """
        Move the stored keys of renamed steps out of the way before the steps are saved.

        The steps are written one by one, so swapping two keys, or renaming "a" to "b" and "b" to
        "c" in one edit, would briefly hold a key twice and break the uniqueness constraint. A
        temporary key that no valid slug can take ("~" is not allowed in a slug) avoids that.
        """
        pending = getattr(self, "_cluster_related_objects", {}).get("steps")
        if self.pk is None or not pending:
            return
        wanted = {step.pk: step.key for step in pending if step.pk is not None}
        stored = PathwayStep.objects.filter(pathway_id=self.pk, pk__in=wanted)
        renamed = [pk for pk, key in stored.values_list("pk", "key") if wanted[pk] != key]
        if renamed:
            PathwayStep.objects.filter(pk__in=renamed).update(
                key=Concat(models.Value("~"), Cast("pk", models.CharField()))
            )

    def get_preview_template(self, request, mode_name):
        return "pathways/referral_pathway.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            "pathways": [self],
            "is_preview": True,
        }


class PathwayStep(TranslatableMixin, Orderable):
    """One step of a pathway: what to do, what not to do, who does it and whom to contact.

    Translatable with its pathway: a translated step keeps its source's ``translation_key``
    and ``key`` (wiring), and wagtail-localize offers its words to translators.
    """

    pathway = ParentalKey(ReferralPathway, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short, stable name such as “tell-the-lead”, unique within this pathway. "
            "Scenarios and questions refer to the step by it."
        ),
    )
    title = models.CharField(_("title"), max_length=255)
    do = RichTextField(_("do"), features=PATHWAY_RICH_TEXT_FEATURES)
    dont = RichTextField(_("don't"), blank=True, features=PATHWAY_RICH_TEXT_FEATURES)
    responsible = models.CharField(
        _("who"),
        max_length=120,
        help_text=_("A role, never a person's name, such as “The anti-trafficking lead”."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=255,
        blank=True,
        help_text=_("Who to call or write to at this step, if anyone. Never a personal mobile."),
    )
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Marked “Urgent” in words on the quick reference, not only in colour."),
    )

    override_translatable_fields = [SynchronizedField("key")]

    class Meta(Orderable.Meta):
        db_table = "content_pathwaystep"  # made when the model lived in ``content``
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_key_locale_content_pathwaystep",
            ),
            models.UniqueConstraint(
                fields=["pathway", "key"], name="content_pathwaystep_unique_key_per_pathway"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A new step takes its pathway's language, from the pathway in memory (no query).
        if self.locale_id is None and self.pathway_id is not None:
            self.locale_id = self.pathway.locale_id
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class StepChanges:
    """Step references added, changed and removed between two published versions."""

    added: tuple = ()
    changed: tuple = ()
    removed: tuple = ()

    def __bool__(self):
        return bool(self.added or self.changed or self.removed)

    @property
    def all_references(self):
        return [*self.added, *self.changed, *self.removed]


def pathway_snapshot(content):
    """
    The learner-facing part of a pathway's revision content: key, title, intro, ordered steps.

    ``content`` is a :attr:`wagtail.models.Revision.content` dict of a :class:`ReferralPathway`
    (or a snapshot made by this function, which it returns unchanged).
    """
    if not content:
        return {}
    steps = sorted(
        content.get("steps", []),
        key=lambda step: (step.get("sort_order") is None, step.get("sort_order") or 0),
    )
    return {
        **{field: content.get(field) for field in PATHWAY_CONTENT_FIELDS},
        "steps": [
            {field: step.get(field) for field in ("key", *STEP_CONTENT_FIELDS)} for step in steps
        ],
    }


_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')
_SPACE_BETWEEN_TAGS = re.compile(r">\s+<")


def comparable(value):
    """
    A value as learners would read it, for comparing two versions.

    The admin's rich text editor adds a ``data-block-key`` to every paragraph and drops the line
    breaks between tags; neither changes what anyone reads, so neither counts as a change.
    """
    if not isinstance(value, str):
        return value
    value = _SPACE_BETWEEN_TAGS.sub("><", _BLOCK_KEY.sub("", value))
    return html.unescape(value).strip()


def _comparable_snapshot(content):
    snapshot = pathway_snapshot(content)
    return {
        name: [{f: comparable(v) for f, v in step.items()} for step in value]
        if name == "steps"
        else comparable(value)
        for name, value in snapshot.items()
    }


def _steps_by_reference(content):
    snapshot = _comparable_snapshot(content)
    return {
        step_reference(snapshot["key"], step["key"]): step for step in snapshot.get("steps", [])
    }


def changed_step_keys(old_content, new_content):
    """
    Compare two versions of a pathway and return the :class:`StepChanges` between them.

    Both arguments are revision contents (or snapshots, see :func:`pathway_snapshot`); pass
    ``None`` as ``old_content`` for a first publication, when every step is new. Steps are matched
    by their reference ``"<pathway key>:<step key>"``, so renaming a key (of the step or of the
    pathway) counts as removing the old reference and adding the new one: whatever referred to
    the old one needs updating. A step whose text, role, contact or urgency differs is changed
    (markup the editor adds, see :func:`comparable`, is not a difference); moving a step leaves
    it unchanged.
    """
    old_steps = _steps_by_reference(old_content)
    new_steps = _steps_by_reference(new_content)
    return StepChanges(
        added=tuple(ref for ref in new_steps if ref not in old_steps),
        changed=tuple(
            ref
            for ref, step in new_steps.items()
            if ref in old_steps
            and any(step[field] != old_steps[ref][field] for field in STEP_CONTENT_FIELDS)
        ),
        removed=tuple(ref for ref in old_steps if ref not in new_steps),
    )


def published_content_differs(old_content, new_content):
    """Whether learners would see anything different: text, steps or the order of the steps."""
    return _comparable_snapshot(old_content) != _comparable_snapshot(new_content)


class PathwayChangeQuerySet(models.QuerySet):
    def for_review(self):
        return self.select_related("pathway", "pathway__locale", "published_by").order_by(
            "-published_at", "-pk"
        )


class PathwayChange(models.Model):
    """
    A published version of a pathway whose content differed from the version before it.

    Written by :func:`pathways.services.record_pathway_publication` when Wagtail sends its
    ``published`` signal, never by hand. The three lists hold step references
    (``"adults:tell-the-lead"``); all three are empty when only the pathway's title,
    introduction or the order of its steps changed.
    """

    pathway = models.ForeignKey(
        ReferralPathway,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("pathway"),
    )
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("revision"),
    )
    snapshot = models.JSONField(
        _("published content"),
        default=dict,
        editable=False,
        help_text=_("What learners saw from this version on: the next change compares with it."),
    )
    added_steps = models.JSONField(_("steps added"), default=list, blank=True)
    changed_steps = models.JSONField(_("steps changed"), default=list, blank=True)
    removed_steps = models.JSONField(_("steps removed"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    significant = models.BooleanField(
        _("significant"),
        default=False,
        help_text=_("Learners need to hear about this change, for example a new phone number."),
    )

    objects = PathwayChangeQuerySet.as_manager()

    class Meta:
        db_table = "content_pathwaychange"  # made when the model lived in ``content``
        verbose_name = _("pathway change")
        verbose_name_plural = _("pathway changes")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "version"], name="content_pathwaychange_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="content_pathwaychange_version_from_one",
            ),
        ]

    def __str__(self):
        return f"{self.pathway} v{self.version}"

    @property
    def step_references(self):
        return [*self.added_steps, *self.changed_steps, *self.removed_steps]
