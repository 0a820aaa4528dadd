"""
The page tree of the training site.

::

    TrainingCatalogPage        the site root ("/"): every module with the learner's status
    └── TrainingModulePage     a module ("/general-awareness/"): audience, prerequisites, lessons
        ├── LessonPage         a lesson: a StreamField of teaching blocks; "mark as complete"
        └── QuizPage           the module's assessed quiz (see ``quiz_page``)

Tree rules live here (``parent_page_types``, ``subpage_types``). Every page is for signed-in
learners only: anonymous visitors are sent to sign in. A module or lesson the learner may not
open answers 403 with the reason and what to do (see :mod:`modules.access`), never the content.
What each page shows a learner is decided by its view in :mod:`modules.page_views`, found through
:mod:`modules.models.serving`; the helpers here (:func:`module_of`, :func:`prefetch_access`) load
what those views and the access checks need.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from elearning.languages import address_in_shown_language
from elearning.page_cache import allow_learner_page_cache
from modules import translations
from modules.blocks import LESSON_RICH_TEXT_FEATURES, LessonStreamBlock
from modules.estimates import lesson_minutes
from modules.models.serving import learner_view


class LearnerPage(Page):
    """Behaviour shared by the learner-facing pages: sign-in required, no caching of answers."""

    #: A translation a person has not yet checked (see :mod:`modules.language_review`): learners
    #: see it with a note and a link to the original. Not editable in the page editor, so
    #: wagtail-localize neither shows nor synchronises it: a trainer approves the translation in
    #: the admin's "Translations to review" list, and updating a translation keeps the mark.
    awaiting_language_review = models.BooleanField(
        _("awaiting review by a fluent speaker"), default=False, editable=False
    )

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = learner_view(self).serve(self, request, *args, **kwargs)
        # Pages show one learner's progress: never let a shared cache keep them.
        response.headers.setdefault("Cache-Control", "private, no-store")
        if request.method == "GET" and response.status_code == 200:
            # What the page shows is content plus this learner's records: the server may keep it
            # until either changes (elearning/page_cache.py).
            allow_learner_page_cache(response)
        return response

    def get_url_parts(self, request=None):
        """Wagtail's address, kept in the interface language an untranslated page is shown in."""
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, path = parts
        return site_id, root_url, address_in_shown_language(self, path)

    def prepare_for_serving(self):
        """Load what serving this page needs from content alone (remembered with its route).

        Called once per content version by :mod:`elearning.page_cache` after routing; the page,
        its parents and what this loads are then kept per worker (:mod:`elearning.content_memo`).
        """
        self._serving_view_restrictions = list(super().get_view_restrictions())

    def get_view_restrictions(self):
        """Wagtail's view restrictions on this page and its ancestors (privacy settings).

        When the page was prepared for serving, the list loaded then (content alone decides
        it); otherwise Wagtail's query.
        """
        restrictions = getattr(self, "_serving_view_restrictions", None)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def route(self, request, path_components):
        """Find the page a path names below this one in one query, not two per level.

        Wagtail's own routing asks the database, level by level, for the child with the next
        slug and then for its specific type. Wagtail keeps each page's ``url_path`` (the slugs
        from the tree's root), so every page the rest of the path could name comes back at once.
        The walk then follows Wagtail's rules: each page must be a child of the one before in
        the tree (a stale ``url_path`` cannot route anywhere), a page with routing of its own (a
        quiz, whose attempts have sub-paths) routes the rest of the path itself, and only a
        live page is served. Each page found keeps its parent, so ``get_parent()`` is free.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes, url_path = [], self.url_path
        for component in path_components:
            url_path = f"{url_path}{component}/"
            prefixes.append(url_path)
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).specific()
        }
        parent, remaining = self, list(path_components)
        while remaining and _routes_by_slug(parent):
            child = found.get(f"{parent.url_path}{remaining[0]}/")
            if child is None or not _is_child(child, parent):
                break
            child._cached_parent_obj = parent
            parent, remaining = child, remaining[1:]
        if parent is self:
            # Nothing found in one go: Wagtail's own routing decides (a 404, most likely).
            return super().route(request, path_components)
        return parent.route(request, remaining)

    def serve_preview(self, request, mode_name):
        """Trainers preview content without progress or access checks getting in the way."""
        return learner_view(self).preview(self, request, mode_name)


class TrainingCatalogPage(LearnerPage):
    """The training catalogue at the site root: every module, with this learner's status."""

    intro = RichTextField(_("introduction"), blank=True, features=LESSON_RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    #: Modules in the catalogue's order, as learners see them.
    admin_default_ordering = "ord"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["modules.TrainingModulePage"]
    max_count_per_parent = 1
    template = "modules/training_catalog_page.html"

    class Meta:
        verbose_name = _("training catalogue")

    def modules(self):
        """The live modules, with what access checks need (kept when prepared for serving)."""
        modules = getattr(self, "_serving_modules", None)
        if modules is None:
            # A translated catalogue lists the source's modules, each in this language when
            # it has been translated (modules.translations).
            # English addresses serve English pages only: no lookup there.
            english = get_language() == settings.LANGUAGE_CODE
            source = self if english else translations.source_page(self)
            modules = live_modules_queryset(TrainingModulePage.objects.live().child_of(source))
            if source is not self:
                queryset = live_modules_queryset(TrainingModulePage.objects.live())
                modules = translations.localized(modules, queryset, self.locale_id)
        return modules

    def prepare_for_serving(self):
        super().prepare_for_serving()
        self._serving_modules = list(self.modules())


class TrainingModulePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        prerequisites = cleaned_data.get("prerequisites") or []
        if self.instance.pk and any(p.pk == self.instance.pk for p in prerequisites):
            self.add_error("prerequisites", _("A module cannot be its own prerequisite."))
        return cleaned_data


class TrainingModulePage(LearnerPage):
    """A training module: who it is for, what it needs first, and its lessons."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences for the catalogue.")
    )
    intro = RichTextField(_("introduction"), blank=True, features=LESSON_RICH_TEXT_FEATURES)
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome"), max_length=250))],
        verbose_name=_("learning outcomes"),
        blank=True,
        help_text=_("What a learner will be able to do afterwards; start each with a verb."),
    )
    audience = ParentalManyToManyField(
        "auth.Group",
        verbose_name=_("audience"),
        blank=True,
        related_name="+",
        help_text=_("Groups who may take this module. Leave empty for every signed-in learner."),
    )
    prerequisites = ParentalManyToManyField(
        "modules.TrainingModulePage",
        verbose_name=_("prerequisites"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_("Modules a learner must complete before starting this one."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate that never expires."),
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_("Warn learners about distressing material before they start."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("learning_outcomes"),
        FieldPanel("content_note"),
        MultiFieldPanel(
            [
                FieldPanel("audience", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Who takes it and for how long"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("content_note"),
    ]

    base_form_class = TrainingModulePageForm
    #: The page explorer lists lessons in the module's order (as learners meet them), not newest
    #: first; trainers reorder them there.
    admin_default_ordering = "ord"
    parent_page_types = ["modules.TrainingCatalogPage"]
    subpage_types = ["modules.LessonPage", "modules.QuizPage"]
    template = "modules/training_module_page.html"

    class Meta:
        verbose_name = _("training module")

    def lessons(self):
        return LessonPage.objects.live().child_of(self)

    def prepare_for_serving(self):
        super().prepare_for_serving()
        prefetch_access(self)


class LessonPage(LearnerPage):
    """A lesson: teaching blocks, then "mark as complete" and the way on."""

    summary = models.TextField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence for the lesson list.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=1,
        editable=False,
        help_text=_("Worked out from the lesson's words and activities (modules.estimates)."),
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "Warn learners about distressing material in this lesson. Learners also see where "
            "to find wellbeing support."
        ),
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson content"))
    question_categories = ParentalManyToManyField(
        "quizzes.QuestionCategory",
        verbose_name=_("question topics it teaches"),
        blank=True,
        related_name="lessons",
        help_text=_(
            "A learner who misses a quiz question from one of these topics is pointed back to "
            "this lesson on their result page."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("content_note"),
        FieldPanel("body"),
        FieldPanel("question_categories", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["modules.TrainingModulePage"]
    subpage_types = []
    template = "modules/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    def full_clean(self, *args, **kwargs):
        # Drafts are cleaned before they are saved as a revision: keep their estimate current.
        self.estimated_minutes = lesson_minutes(self)
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.estimated_minutes = lesson_minutes(self)
        return super().save(*args, **kwargs)

    def get_module(self):
        """The module this lesson belongs to, with what access checks need prefetched."""
        return module_of(self)

    def prepare_for_serving(self):
        super().prepare_for_serving()
        module_of(self)


def _routes_by_slug(page):
    """True when ``page`` routes a path as Wagtail does by default: to the child with that slug."""
    return type(page).route in (Page.route, LearnerPage.route)


def _is_child(page, parent):
    return page.depth == parent.depth + 1 and page.path.startswith(parent.path)


def module_of(page):
    """The live module a lesson or quiz belongs to, with what access checks need prefetched.

    After routing, the page already holds its parent (see :meth:`LearnerPage.route`): no query
    but the access prefetches. Otherwise (a preview, a page loaded by id) it is looked up.
    """
    parent = getattr(page, "_cached_parent_obj", None)
    if isinstance(parent, TrainingModulePage) and parent.live:
        return prefetch_access(parent)
    return live_modules_queryset(TrainingModulePage.objects.ancestor_of(page)).first()


def _access_prefetches():
    return [
        "audience",
        Prefetch(
            "prerequisites",
            queryset=TrainingModulePage.objects.live().only(
                "id", "title", "url_path", "path", "translation_key"
            ),
        ),
    ]


def live_modules_queryset(queryset):
    """Prefetch what access checks need: the audience and the live prerequisites."""
    return queryset.prefetch_related(*_access_prefetches())


def prefetch_access(module):
    """Prefetch the audience and live prerequisites onto one module page already loaded.

    A module from a remembered route (:mod:`elearning.content_memo`) has them already.
    """
    prefetched = getattr(module, "_prefetched_objects_cache", {})
    if "audience" not in prefetched or "prerequisites" not in prefetched:
        prefetch_related_objects([module], *_access_prefetches())
    return module
