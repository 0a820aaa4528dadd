"""
Loading a module package into this site: first a plan, then (once confirmed) the import.

:func:`plan_import` reads nothing but the package and this site's content and says what the
import would do: the new module's slug (a clash with a local module gets a new slug), how each
indicator, pathway step, referral pathway, audience group and prerequisite the package names
maps to this site's own (by key first, then by name), and what is missing here. Nothing is
written. :func:`import_package` (see :mod:`packages.services`) then follows the same plan.

Mapping rules, chosen so that an import never changes what this site already has:

* indicators: this site's indicator with the same key, else the same sign; an indicator found
  neither way is *added* to the library from the package (it is teaching content);
* pathway steps: the step with the same pathway and step key, else a step with the same title;
  a step found neither way stays named as in the package and is listed as missing, because the
  referral pathway is the receiving organisation's own process: a trainer adds the step or
  edits the scenario before publishing;
* referral pathways (embedded in lessons): by key, else title; missing ones leave the block
  empty for the trainer to choose;
* audience groups and prerequisite modules: by name and slug; missing ones are left out;
* questions are always created anew; a key already used here gets a new one ("key-2");
* question pools (categories): a pool whose name is already used here gets a name of its own
  ("<name> (<module slug>)"), so the imported questions never join the pool a live quiz of
  this site draws from;
* rich text: cleaned to what this site's editor allows (:mod:`packages.rich_text`); the plan
  lists each field where that removes markup;
* translations (see :mod:`packages.translations`): into each language this site has a
  catalogue in; a language it lacks, or has no catalogue in, is listed and left out.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from modules.models import LessonPage, QuizPage, TrainingCatalogPage, TrainingModulePage
from packages.format import PackageError
from packages.rich_text import fields_cleaning_changes
from packages.translations import check_translation_entries
from pathways.models import Indicator, PathwayStep, ReferralPathway
from quizzes.models import Question, QuestionCategory

#: The page types a package may create, by the manifest's ``type``.
PAGE_TYPES = {
    model._meta.label_lower: model for model in (TrainingModulePage, LessonPage, QuizPage)
}


@dataclass
class Mapping:
    """One thing the package refers to and what it becomes on this site."""

    ref: str
    label: str
    local: object = None
    local_ref: str = ""
    how: str = "missing"  # "key", "name", "added" or "missing"

    @property
    def found(self):
        return self.how in ("key", "name")


@dataclass
class ImportPlan:
    """What importing a package would do on this site (nothing is written to make it)."""

    title: str
    package_slug: str
    slug: str
    catalogue: object
    page_count: int
    question_count: int
    image_count: int
    indicators: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    pathways: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    prerequisites: list = field(default_factory=list)
    question_keys: dict = field(default_factory=dict)
    category_names: dict = field(default_factory=dict)  # package's pool name -> name here
    cleaned_rich_text: list = field(default_factory=list)  # (page title or question, field)
    translation_locales: list = field(default_factory=list)
    skipped_translations: list = field(default_factory=list)  # (language code, reason)

    @property
    def missing(self):
        """Mappings that found nothing here and are not added: the trainer must see to them."""
        return [
            mapping
            for mapping in (
                *self.steps,
                *self.pathways,
                *self.groups,
                *self.prerequisites,
            )
            if mapping.how == "missing"
        ]

    @property
    def added_indicators(self):
        return [mapping for mapping in self.indicators if mapping.how == "added"]

    def indicator_renames(self):
        return {m.ref: m.local_ref for m in self.indicators if m.local_ref and m.local_ref != m.ref}

    def step_renames(self):
        return {m.ref: m.local_ref for m in self.steps if m.local_ref and m.local_ref != m.ref}

    def lines(self):
        """The plan as plain sentences (the command prints them; the admin shows a table)."""
        lines = [
            _(
                "Module “%(title)s” becomes a draft at /%(slug)s/ (%(pages)s pages, "
                "%(questions)s questions, %(images)s images)."
            )
            % {
                "title": self.title,
                "slug": self.slug,
                "pages": self.page_count,
                "questions": self.question_count,
                "images": self.image_count,
            }
        ]
        if self.slug != self.package_slug:
            lines.append(
                _("The slug “%(old)s” is taken here: the module gets “%(new)s”.")
                % {"old": self.package_slug, "new": self.slug}
            )
        for heading, mappings in (
            (_("indicator"), self.indicators),
            (_("pathway step"), self.steps),
            (_("referral pathway"), self.pathways),
            (_("audience group"), self.groups),
            (_("prerequisite"), self.prerequisites),
        ):
            for mapping in mappings:
                lines.append(f"{heading} {mapping.ref}: {describe(mapping)}")
        return lines + self.rename_lines() + self.cleaning_lines() + self.translation_lines()

    def rename_lines(self):
        """Question keys and question pools that get a name of their own here."""
        lines = [
            _("question key %(old)s is taken here: becomes %(new)s") % {"old": old, "new": new}
            for old, new in self.question_keys.items()
        ]
        for old, new in self.category_names.items():
            if old != new:
                lines.append(
                    _("question pool “%(old)s” is in use here: its questions go to “%(new)s”")
                    % {"old": old, "new": new}
                )
        return lines

    def cleaning_lines(self):
        """Where the package's rich text holds markup this site's editor does not allow."""
        return [
            _("%(place)s, %(field)s: markup this site does not allow is removed (the words stay).")
            % {"place": place, "field": field_name}
            for place, field_name in self.cleaned_rich_text
        ]

    def translation_lines(self):
        """What becomes of the package's translations, a sentence per language."""
        lines = [
            _("Translation %(language)s: imported as drafts for review.")
            % {"language": f"{locale.get_display_name()} ({locale.language_code})"}
            for locale in self.translation_locales
        ]
        for code, reason in self.skipped_translations:
            lines.append(
                _("Translation %(language)s: not imported (%(reason)s).")
                % {"language": code, "reason": reason}
            )
        return lines


def describe(mapping):
    if mapping.how == "key":
        return _("same key here (%(local)s)") % {"local": mapping.local_ref}
    if mapping.how == "name":
        return _("matched by name to %(local)s") % {"local": mapping.local_ref}
    if mapping.how == "added":
        return _("not on this site: added from the package")
    return _("MISSING on this site")


def receiving_catalogue():
    """The catalogue new modules go under: the default site's root page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if isinstance(root, TrainingCatalogPage):
        return root
    catalogue = TrainingCatalogPage.objects.filter(locale=Locale.get_default()).first()
    if catalogue is None:
        raise PackageError(_("This site has no training catalogue to import a module into."))
    return catalogue


def plan_import(package, *, catalogue=None):
    """The :class:`ImportPlan` for ``package`` (a :class:`~packages.format.ModulePackage`)."""
    manifest = package.manifest
    _check_types(manifest)
    catalogue = catalogue or receiving_catalogue()
    module = manifest["module"]
    package_slug = module["fields"].get("slug") or "imported-module"
    plan = ImportPlan(
        title=module["fields"].get("title", ""),
        package_slug=package_slug,
        slug=free_slug(catalogue, package_slug),
        catalogue=catalogue,
        page_count=1 + len(manifest["pages"]),
        question_count=len(manifest["questions"]),
        image_count=len(manifest["images"]),
    )
    locale = Locale.get_default()
    plan.indicators = [_map_indicator(entry, locale) for entry in manifest["indicators"]]
    plan.steps = [_map_step(entry, locale) for entry in manifest["pathway_steps"]]
    plan.pathways = [_map_pathway(entry, locale) for entry in manifest["pathways"]]
    plan.groups = [
        _found(name, name, Group.objects.filter(name=name).first(), name, "name")
        for name in module.get("audience", [])
    ]
    plan.prerequisites = [
        _found(
            slug,
            slug,
            TrainingModulePage.objects.child_of(catalogue).filter(slug=slug).first(),
            slug,
            "key",
        )
        for slug in module.get("prerequisites", [])
    ]
    taken = set()
    for entry in manifest["questions"]:
        key = entry["fields"].get("key") or ""
        if key:
            new_key = free_question_key(key, taken)
            taken.add(new_key)
            if new_key != key:
                plan.question_keys[key] = new_key
    pools = {entry.get("category") for entry in manifest["questions"]} | {
        draw.get("category") for page in manifest["pages"] for draw in page.get("random_draws", [])
    }
    for name in sorted(pool for pool in pools if pool and isinstance(pool, str)):
        plan.category_names[name] = free_category_name(name, plan.slug)
    _plan_cleaning(plan, manifest)
    _plan_translations(plan, manifest, catalogue)
    return plan


def _plan_cleaning(plan, manifest):
    """Note each field whose rich text :mod:`packages.rich_text` will change on import."""
    for entry in [manifest["module"], *manifest["pages"]]:
        model = PAGE_TYPES[entry["type"]]
        place = entry["fields"].get("title") or entry["fields"].get("slug") or "?"
        for name in fields_cleaning_changes(model, entry["fields"]):
            plan.cleaned_rich_text.append((place, _field_label(model, name)))
    for entry in manifest["questions"]:
        model = question_model(entry["model"])
        place = entry.get("ref") or entry["fields"].get("key") or "?"
        for name in fields_cleaning_changes(model, entry["fields"]):
            plan.cleaned_rich_text.append((place, _field_label(model, name)))


def _field_label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def free_category_name(name, slug):
    """``name``, or ``name (slug)``, ``name (slug 2)``... whichever no question pool here has."""
    candidate, number = name, 1
    while QuestionCategory.objects.filter(name=candidate).exists():
        suffix = f" ({slug})" if number == 1 else f" ({slug} {number})"
        candidate, number = f"{name[: 120 - len(suffix)]}{suffix}", number + 1
    return candidate


def _plan_translations(plan, manifest, catalogue):
    """Which of the package's languages this site takes: those it has a catalogue in."""
    entries = [
        manifest["module"],
        *manifest["pages"],
        *manifest["questions"],
        *manifest["indicators"],
    ]
    for entry in entries:
        check_translation_entries(entry)
    codes = sorted({t["locale"] for entry in entries for t in entry.get("translations", [])})
    for code in codes:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            plan.skipped_translations.append((code, _("this site has no such language")))
        elif catalogue.get_translation_or_none(locale) is None:
            plan.skipped_translations.append((code, _("this site has no catalogue in it")))
        else:
            plan.translation_locales.append(locale)


def free_slug(catalogue, slug):
    """``slug``, or ``slug-2``, ``slug-3``... whichever no page under ``catalogue`` has."""
    taken = set(catalogue.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def free_question_key(key, taken=()):
    candidate, number = key, 2
    while candidate in taken or Question.objects.filter(key=candidate).exists():
        suffix = f"-{number}"
        candidate, number = f"{key[: 100 - len(suffix)]}{suffix}", number + 1
    return candidate


def question_model(label):
    """The question class a manifest's ``model`` names; anything but a question is refused."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, Question) or model is Question:
        raise PackageError(
            _("The package holds a question of a type this site does not know (“%(type)s”).")
            % {"type": label}
        )
    return model


def _check_types(manifest):
    module_type = manifest["module"].get("type")
    if PAGE_TYPES.get(module_type) is not TrainingModulePage:
        raise PackageError(_("The package's module is not a training module."))
    for page in manifest["pages"]:
        if PAGE_TYPES.get(page.get("type")) not in (LessonPage, QuizPage):
            raise PackageError(
                _("The package holds a page of a type a module cannot have (“%(type)s”).")
                % {"type": page.get("type")}
            )
    for entry in manifest["questions"]:
        question_model(entry.get("model", ""))


def _found(ref, label, local, local_ref, how):
    if local is None:
        return Mapping(ref=ref, label=label)
    return Mapping(ref=ref, label=label, local=local, local_ref=local_ref, how=how)


def _map_indicator(entry, locale):
    key, sign = entry.get("key", ""), entry.get("sign", "")
    indicators = Indicator.objects.filter(locale=locale)
    local = indicators.filter(key=key).first()
    if local is not None:
        return Mapping(key, sign, local, local.key, "key")
    local = indicators.filter(sign__iexact=sign).first() if sign else None
    if local is not None:
        return Mapping(key, sign, local, local.key, "name")
    return Mapping(key, sign, None, key, "added")


def _map_step(entry, locale):
    ref, title = entry.get("ref", ""), entry.get("title", "")
    steps = PathwayStep.objects.filter(pathway__locale=locale).select_related("pathway")
    local = steps.filter(pathway__key=entry.get("pathway"), key=entry.get("key")).first()
    if local is not None:
        return Mapping(ref, title, local, f"{local.pathway.key}:{local.key}", "key")
    if title:
        local = (
            steps.filter(title__iexact=title, pathway__key=entry.get("pathway")).first()
            or steps.filter(title__iexact=title).first()
        )
    if local is not None:
        return Mapping(ref, title, local, f"{local.pathway.key}:{local.key}", "name")
    return Mapping(ref, title)


def _map_pathway(entry, locale):
    key, title = entry.get("key", ""), entry.get("title", "")
    pathways = ReferralPathway.objects.filter(locale=locale)
    local = pathways.filter(key=key).first()
    if local is not None:
        return Mapping(key, title, local, local.key, "key")
    local = pathways.filter(title__iexact=title).first() if title else None
    if local is not None:
        return Mapping(key, title, local, local.key, "name")
    return Mapping(key, title)
