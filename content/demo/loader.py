"""
Load the default training content from the plain data files beside this module.

``data/modules/<slug>/module.toml`` describes a module and ``data/modules/<slug>/lessons/*.toml``
its lessons (file names set the order). The loader builds the page tree from them:

* the training catalogue becomes the site root, and Wagtail's "Welcome" page is removed;
* each module and its lessons are created and published, unless a module with that slug already
  exists: then it is left exactly as trainers made it (``refresh=True`` publishes the files'
  version as a new revision instead, so nothing is lost from the page history);
* the help contacts shown in every page footer are created if missing.

It never touches a page that is not described by a data file, so running it twice changes nothing.
"""

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from modules.blocks import LessonStreamBlock
from modules.models import LessonPage, TrainingCatalogPage, TrainingModulePage
from modules.nations import Nation
from pathways.indicators import SignCategory
from pathways.models import HelpContact
from quizzes.models import QuestionCategory

DATA_DIR = Path(__file__).resolve().parent / "data"
MODULES_DIR = DATA_DIR / "modules"

CATALOGUE_TITLE = "Anti-trafficking training"
CATALOGUE_INTRO = (
    "<p>This training helps you notice the signs of human trafficking and modern slavery, and "
    "shows you what to do through our internal referral pathway. Start with general awareness; "
    "caseworkers then take the specialist module.</p>"
)

#: The contacts in every page footer (FACTS.md 2.11; numbers marked [V] there).
DEFAULT_HELP_CONTACTS = [
    {
        "name": "999",
        "purpose": "Someone is in immediate danger or a crime is happening now",
        "phone": "999",
        "availability": "24 hours",
        "is_emergency": True,
        "sort_order": 0,
    },
    {
        "name": "Modern Slavery & Exploitation Helpline",
        "purpose": "Free, confidential advice and reporting, in over 200 languages",
        "phone": "08000 121 700",
        "availability": "24 hours, every day",
        "is_emergency": False,
        "sort_order": 10,
    },
    {
        "name": "Police, non-emergency",
        "purpose": "Report a concern to the police when no one is in immediate danger",
        "phone": "101",
        "availability": "",
        "is_emergency": False,
        "sort_order": 20,
    },
]


#: The same contacts in Welsh (a draft for a fluent speaker to check, like all default Welsh),
#: keyed by the English name. The number and the order are the English contact's.
HELP_CONTACTS_IN_WELSH = {
    "999": {
        "name": "999",
        "purpose": "Mae rhywun mewn perygl uniongyrchol neu mae trosedd yn digwydd nawr",
        "availability": "24 awr",
    },
    "Modern Slavery & Exploitation Helpline": {
        "name": "Llinell Gymorth Caethwasiaeth Fodern a Chamfanteisio",
        "purpose": (
            "Cyngor a ffordd o roi gwybod, am ddim ac yn gyfrinachol, mewn dros 200 o ieithoedd"
        ),
        "availability": "24 awr, bob dydd",
    },
    "Police, non-emergency": {
        "name": "Yr heddlu, pan nad yw'n argyfwng",
        "purpose": "Rhoi gwybod i'r heddlu am bryder pan nad oes neb mewn perygl uniongyrchol",
        "availability": "",
    },
}


class ContentDataError(ValueError):
    """A data file is missing something or holds a value the platform does not know."""


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    refreshed: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def merge(self, other):
        for name in ("created", "refreshed", "kept", "removed"):
            getattr(self, name).extend(getattr(other, name))

    def lines(self):
        for verb, items in (
            ("created", self.created),
            ("refreshed", self.refreshed),
            ("kept as it was", self.kept),
            ("removed", self.removed),
        ):
            for item in items:
                yield f"{verb}: {item}"


def read_module_files(modules_dir=MODULES_DIR):
    """Read every module folder; return module dicts (with their lessons) in prerequisite order."""
    modules = []
    for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
        module = read_toml(folder / "module.toml")
        module["lessons"] = [read_toml(f) for f in sorted((folder / "lessons").glob("*.toml"))]
        modules.append(module)
    return _in_prerequisite_order(modules)


def lesson_stream_data(blocks):
    """Convert a lesson's ``[[body]]`` tables into StreamField raw data."""
    return [_block(block) for block in blocks]


@transaction.atomic
def load_training_content(*, refresh=False, modules_dir=MODULES_DIR):
    """Build the catalogue, modules, lessons and help contacts; return a :class:`LoadReport`."""
    report = LoadReport()
    modules = read_module_files(modules_dir)
    catalogue = _ensure_catalogue(report)
    for data in modules:
        _load_module(catalogue, data, refresh=refresh, report=report)
    _ensure_help_contacts(report)
    return report


def read_toml(path):
    """Parse one data file; a broken file raises ContentDataError naming it."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentDataError(f"{path}: {error}") from error
    data["_source"] = str(path)
    return data


def _in_prerequisite_order(modules):
    ordered, placed = [], set()
    pending = list(modules)
    while pending:
        ready = [m for m in pending if set(m.get("prerequisites", [])) <= placed]
        if not ready:
            names = ", ".join(m["slug"] for m in pending)
            raise ContentDataError(f"Prerequisites form a cycle or name unknown modules: {names}")
        for module in ready:
            ordered.append(module)
            placed.add(module["slug"])
            pending.remove(module)
    return ordered


def _ensure_catalogue(report):
    root = Page.get_first_root_node()
    catalogue = TrainingCatalogPage.objects.child_of(root).first()
    if catalogue is None:
        catalogue = TrainingCatalogPage(
            title=CATALOGUE_TITLE,
            slug="training",
            intro=CATALOGUE_INTRO,
            locale=Locale.get_default(),
        )
        root.add_child(instance=catalogue)
        catalogue.save_revision().publish()
        report.created.append(f"catalogue “{catalogue.title}”")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="PROTECT training",
            root_page=catalogue,
            is_default_site=True,
        )
    elif site.root_page_id != catalogue.id:
        site.root_page = catalogue
        site.save()

    # Wagtail's own welcome page: a plain Page with no children that no site uses any more.
    for page in Page.objects.child_of(root).filter(
        content_type__app_label="wagtailcore", content_type__model="page", numchild=0
    ):
        if not Site.objects.filter(root_page=page).exists():
            report.removed.append(f"Wagtail welcome page “{page.title}”")
            page.delete()
    return catalogue


def _load_module(catalogue, data, *, refresh, report):
    module = TrainingModulePage.objects.child_of(catalogue).filter(slug=data["slug"]).first()
    if module is not None and not refresh:
        report.kept.append(f"module “{module.title}” and its lessons")
        return module
    created = module is None
    if created:
        module = TrainingModulePage(slug=data["slug"], locale=catalogue.locale)
    module.title = data["title"]
    module.summary = data["summary"]
    module.intro = data.get("intro_html", "")
    module.learning_outcomes = json.dumps(
        [{"type": "outcome", "value": text} for text in data.get("learning_outcomes", [])]
    )
    module.certificate_validity_months = data.get("certificate_validity_months")
    module.content_note = data.get("content_note", "")
    module.audience = _groups(data.get("audience", []), data["_source"])
    module.prerequisites = list(
        TrainingModulePage.objects.child_of(catalogue).filter(
            slug__in=data.get("prerequisites", [])
        )
    )
    if created:
        catalogue.add_child(instance=module)
    module.save_revision().publish()
    (report.created if created else report.refreshed).append(f"module “{module.title}”")

    for lesson_data in data["lessons"]:
        _load_lesson(module, lesson_data, report=report)
    return module


def _load_lesson(module, data, *, report):
    lesson = LessonPage.objects.child_of(module).filter(slug=data["slug"]).first()
    created = lesson is None
    if created:
        lesson = LessonPage(slug=data["slug"], locale=module.locale)
    lesson.title = data["title"]
    lesson.summary = data.get("summary", "")
    lesson.content_note = data.get("content_note", "")
    try:
        body = lesson_stream_data(data["body"])
        practice = [_pathway_block(key) for key in data.get("pathway_embeds", [])]
        practice += [_practice_block(key) for key in data.get("practice_scenarios", [])]
    except (KeyError, ContentDataError) as error:
        raise ContentDataError(f"{data['_source']}: {error}") from error
    if practice:
        body[_closing_at(body) : _closing_at(body)] = practice
    # Through the block types and back: lists get Wagtail's current format (items with ids),
    # which wagtail-localize needs to offer their text for translation.
    stream = LessonStreamBlock()
    value = stream.to_python(body)
    list(value)  # bind every block: a block left unread keeps its raw (old) form
    lesson.body = json.dumps(stream.get_prep_value(value))
    # Categories are made here if the quizzes (loaded later) have not made them yet.
    lesson.question_categories = [
        QuestionCategory.objects.get_or_create(name=name)[0]
        for name in data.get("question_categories", [])
    ]
    if created:
        module.add_child(instance=lesson)
    lesson.save_revision().publish()
    (report.created if created else report.refreshed).append(f"lesson “{lesson.title}”")


def _closing_at(body):
    """Where a lesson's closing part starts: its last key points, then its sources."""
    at = len(body)
    while at and body[at - 1]["type"] == "sources":
        at -= 1
    if at and body[at - 1]["type"] == "key_points":
        at -= 1
    return at


def _pathway_block(pathway_key):
    """A block embedding the referral pathway with this key (pathways load before lessons)."""
    from pathways.models import ReferralPathway

    pathway = ReferralPathway.objects.filter(key=pathway_key, locale=Locale.get_default()).first()
    if pathway is None:
        raise ContentDataError(f"no referral pathway with key {pathway_key!r} to embed")
    return {"type": "referral_pathway", "value": {"pathway": pathway.pk}}


def _practice_block(scenario_key):
    """A scenario practice block for the scenario with this key (loaded before the lessons)."""
    from quizzes.models import ScenarioQuestion

    scenario = ScenarioQuestion.objects.filter(
        key=scenario_key, locale=Locale.get_default()
    ).first()
    if scenario is None:
        raise ContentDataError(f"no scenario with key {scenario_key!r} for practice")
    return {"type": "scenario_practice", "value": {"scenario": scenario.pk, "introduction": ""}}


def _groups(names, source):
    groups = list(Group.objects.filter(name__in=names))
    missing = set(names) - {g.name for g in groups}
    if missing:
        raise ContentDataError(f"{source}: unknown audience groups {sorted(missing)}")
    return groups


def _ensure_help_contacts(report):
    locale = Locale.get_default()
    welsh = Locale.objects.filter(language_code="cy").first()
    for contact in DEFAULT_HELP_CONTACTS:
        english, created = HelpContact.objects.get_or_create(
            locale=locale, name=contact["name"], defaults=contact
        )
        if created:
            report.created.append(f"help contact “{contact['name']}”")
        words = HELP_CONTACTS_IN_WELSH.get(english.name)
        if welsh is not None and words and not english.has_translation(welsh):
            translation = english.copy_for_translation(welsh)
            for field, value in words.items():
                setattr(translation, field, value)
            translation.save()
            report.created.append(f"help contact “{words['name']}” (Welsh, awaiting review)")


def _block(block):
    kind = block.get("type")
    if kind == "heading":
        return {"type": "heading", "value": {"text": block["text"]}}
    if kind == "text":
        return {"type": "text", "value": block["html"]}
    if kind == "callout":
        if block["style"] not in {"information", "warning", "content_note"}:
            raise ContentDataError(f"unknown callout style {block['style']!r}")
        value = {"style": block["style"], "title": block["title"], "body": block["html"]}
        return {"type": "callout", "value": value}
    if kind == "key_points":
        return {"type": "key_points", "value": {"title": block["title"], "points": block["points"]}}
    if kind == "accordion":
        items = [{"question": i["question"], "answer": i["answer_html"]} for i in block["items"]]
        return {"type": "accordion", "value": {"title": block.get("title", ""), "items": items}}
    if kind == "case_study":
        value = {
            "title": block["title"],
            "content_note": block.get("content_note", ""),
            "body": block["html"],
            "reflection": block.get("reflection", []),
        }
        return {"type": "case_study", "value": value}
    if kind == "indicator_cards":
        cards = []
        for card in block["cards"]:
            if card["category"] not in SignCategory.values:
                raise ContentDataError(f"unknown indicator category {card['category']!r}")
            cards.append(
                {
                    "sign": card["sign"],
                    "category": card["category"],
                    "explanation": card["explanation"],
                }
            )
        return {"type": "indicator_cards", "value": {"title": block["title"], "cards": cards}}
    if kind == "what_to_do":
        steps = [
            {"title": s["title"], "body": s["html"], "urgent": bool(s.get("urgent", False))}
            for s in block["steps"]
        ]
        value = {"title": block["title"], "intro": block.get("intro_html", ""), "steps": steps}
        return {"type": "what_to_do", "value": value}
    if kind == "nations":
        panels = []
        for panel in block["panels"]:
            if panel["nation"] not in Nation.values:
                raise ContentDataError(f"unknown nation {panel['nation']!r}")
            panels.append({"nation": panel["nation"], "body": panel["html"]})
        value = {"title": block["title"], "intro": block.get("intro_html", ""), "panels": panels}
        return {"type": "nations", "value": value}
    if kind == "sources":
        sources = [
            {
                "title": source["title"],
                "publisher": source["publisher"],
                "year": int(source["year"]) if "year" in source else None,
                "url": source.get("url", ""),
            }
            for source in block["sources"]
        ]
        value = {"title": block.get("title", "Sources"), "sources": sources}
        return {"type": "sources", "value": value}
    if kind == "wellbeing_support":
        return {"type": "wellbeing_support", "value": {"title": block["title"]}}
    raise ContentDataError(f"unknown block type {kind!r}")
