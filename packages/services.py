"""
The one write path of module packages: :func:`import_package`.

It follows the :class:`~packages.importing.ImportPlan` made from the package and this site,
inside one transaction: images, added indicators, questions (with their options, pairs and
items), then the module and its lessons and quiz as unpublished drafts with a first revision,
then their translations into the languages the plan takes (added indicators and questions
first, pages as drafts).
Nothing already on the site is changed. A package that fails part-way (a page the site's own
validation refuses) raises :class:`~packages.format.PackageError` and leaves nothing behind in
the database.
"""

import io
import json
import posixpath

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from modules.models import QuizPage
from modules.models.quiz_page import QuizPageQuestion, QuizRandomDraw
from packages.format import PackageError
from packages.importing import PAGE_TYPES, plan_import, question_model
from packages.references import map_choosers, map_scenario_keys
from packages.rich_text import clean_rich_text
from packages.translations import strings_for, translate_imported
from pathways.models import Indicator
from quizzes.models import QuestionCategory

__all__ = ["import_package"]


def import_package(package, *, user=None, catalogue=None):
    """Import ``package`` as a draft module; return ``(module, plan)``."""
    plan = plan_import(package, catalogue=catalogue)
    try:
        with transaction.atomic():
            module = _Importer(package, plan, user).run()
    except ValidationError as error:
        raise PackageError(
            _("This site refused the package's content: %(error)s")
            % {"error": "; ".join(error.messages)}
        ) from None
    return module, plan


def check_fields(instance, where):
    """Refuse a value this site's own form would refuse (too long, not a choice, missing).

    A page checks itself when it is saved; a question and its rows do not, and a database
    may store or refuse an over-long value (SQLite stores it, PostgreSQL fails the request).
    The error names the place in the package, so whoever made it can find it.
    """
    try:
        instance.clean_fields()
    except ValidationError as error:
        problems = [
            f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        raise ValidationError(
            _("%(where)s: %(problems)s") % {"where": where, "problems": "; ".join(problems)}
        ) from None


class _Importer:
    def __init__(self, package, plan, user):
        self.package = package
        self.manifest = package.manifest
        self.plan = plan
        self.user = user
        self.images = {}
        self.indicators = {m.ref: m.local for m in plan.indicators if m.local is not None}
        self.pathways = {m.ref: m.local for m in plan.pathways if m.local is not None}
        self.questions = {}
        # (English object, its manifest entry): added indicators, questions, then pages in order
        self.imported = []

    def run(self):
        self.add_images()
        self.add_indicators()
        self.add_questions()
        module = self.add_pages()
        self.add_translations()
        return module

    # Things pages refer to ------------------------------------------------------------------

    def add_images(self):
        image_model = get_image_model()
        has_description = any(f.name == "description" for f in image_model._meta.fields)
        for entry in self.manifest["images"]:
            name = entry["file"]
            image = image_model(
                title=(entry.get("title") or posixpath.basename(name))[:255],
                file=ImageFile(
                    io.BytesIO(self.package.images[name]), name=posixpath.basename(name)
                ),
                uploaded_by_user=self.user,
            )
            if has_description:
                image.description = (entry.get("description") or "")[:255]
            image.save()
            self.images[name] = image

    def add_indicators(self):
        entries = {entry.get("key"): entry for entry in self.manifest["indicators"]}
        locale = Locale.get_default()
        for mapping in self.plan.added_indicators:
            entry = entries[mapping.ref]
            indicator = Indicator(
                key=mapping.ref,
                sign=entry.get("sign") or mapping.ref,
                category=entry.get("category", ""),
                exploitation_types=entry.get("exploitation_types") or [],
                explanation=entry.get("explanation", ""),
                locale=locale,
            )
            indicator.full_clean()
            indicator.save()
            self.indicators[mapping.ref] = indicator
            self.imported.append((indicator, entry))

    def resolve(self, model, value):
        """A package reference as this site's id (``map_choosers``' ``replace``)."""
        if not isinstance(value, dict) or "package_ref" not in value:
            return None
        kind, ref = value["package_ref"], value.get("ref")
        found = {
            "image": self.images,
            "indicator": self.indicators,
            "pathway": self.pathways,
            "question": self.questions,
        }.get(kind, {}).get(ref)
        return found.pk if found is not None and isinstance(found, model) else None

    def add_questions(self):
        indicator_renames = self.plan.indicator_renames()
        step_renames = self.plan.step_renames()
        for entry in self.manifest["questions"]:
            model = question_model(entry["model"])
            fields = dict(entry["fields"])
            if fields.get("key"):
                fields["key"] = self.plan.question_keys.get(fields["key"], fields["key"])
            if "stages" in fields:
                fields["stages"] = map_scenario_keys(
                    fields["stages"], indicators=indicator_renames, steps=step_renames
                )
            question = model()
            self.set_fields(question, fields)
            if entry.get("category"):
                question.category = self.category(entry["category"])
            if entry.get("image"):
                question.image = self.images.get(entry["image"])
            where = str(entry.get("ref") or fields.get("key") or "?")
            check_fields(question, where)
            question.save()
            self.add_children(question, entry.get("children") or {}, where)
            if entry.get("indicators"):
                question.indicators.set(
                    [self.indicators[key] for key in entry["indicators"] if key in self.indicators]
                )
            if entry.get("tags"):
                question.tags.add(*entry["tags"])
            self.questions[entry["ref"]] = question
            self.imported.append((question, entry))

    def add_children(self, question, children, where):
        from modelcluster.models import get_all_child_relations

        for relation in get_all_child_relations(question):
            name = relation.get_accessor_name()
            row_model = relation.related_model
            keeps_order = any(f.name == "sort_order" for f in row_model._meta.concrete_fields)
            for position, row_fields in enumerate(children.get(name, [])):
                row = row_model(**{relation.field.name: question})
                self.set_fields(row, row_fields)
                check_fields(row, f"{where}, {name} {position + 1}")
                if keeps_order:
                    # The package lists the rows in their order, and the sort order is not an
                    # editable field: an ordering question's right order is this order.
                    row.sort_order = position
                row.save()

    def set_fields(self, instance, values):
        """Set the editable, non-relation fields of ``instance`` that ``values`` names.

        Rich text, in a field or a StreamField block, is cleaned to the field's features
        (:mod:`packages.rich_text`): a package's HTML is not trusted.
        """
        for model_field in type(instance)._meta.concrete_fields:
            if model_field.name not in values or model_field.primary_key:
                continue
            if model_field.is_relation or not model_field.editable:
                continue
            value = values[model_field.name]
            stream_block = getattr(model_field, "stream_block", None)
            if stream_block is not None:
                value = json.dumps(
                    map_choosers(stream_block, value or [], self.resolve, rich_text=clean_rich_text)
                )
            elif isinstance(model_field, RichTextField):
                value = clean_rich_text(value, model_field.features)
            setattr(instance, model_field.name, value)

    # Pages ----------------------------------------------------------------------------------

    def add_pages(self):
        module_entry = self.manifest["module"]
        module = self.new_page(module_entry, slug=self.plan.slug)
        self.plan.catalogue.add_child(instance=module)
        groups = [m.local for m in self.plan.groups if m.local is not None]
        prerequisites = [m.local for m in self.plan.prerequisites if m.local is not None]
        if groups or prerequisites:
            module.audience.set(groups)
            module.prerequisites.set(prerequisites)
            module.save()
        module.save_revision(user=self.user)
        self.imported.append((module, module_entry))
        for entry in self.manifest["pages"]:
            page = self.new_page(entry)
            module.add_child(instance=page)
            if isinstance(page, QuizPage):
                self.add_quiz_questions(page, entry)
            page.save_revision(user=self.user)
            self.imported.append((page, entry))
        return module

    def new_page(self, entry, slug=None):
        fields = dict(entry["fields"])
        page = PAGE_TYPES[entry["type"]](
            title=fields.get("title", ""), slug=slug or fields.get("slug", ""), live=False
        )
        page.has_unpublished_changes = True
        self.set_fields(page, {k: v for k, v in fields.items() if k not in ("title", "slug")})
        return page

    # Translations ---------------------------------------------------------------------------

    def add_translations(self):
        """Each imported object in each language the plan takes (see packages.translations).

        A page is translated only under a parent that has a translation here, so an import
        never makes a copy of a module or catalogue in a language nobody translated it into.
        """
        for locale in self.plan.translation_locales:
            for instance, entry in self.imported:
                strings = strings_for(entry, locale.language_code)
                if strings is None:
                    continue
                if isinstance(instance, Page):
                    parent = instance.get_parent()
                    if parent.get_translation_or_none(locale) is None:
                        continue
                translated = translate_imported(instance, locale, strings, user=self.user)
                if isinstance(translated, Page):
                    self.mark_review(translated, entry, locale)

    def mark_review(self, page, entry, locale):
        """Keep the package's "awaiting language review" mark on a translated draft."""
        fields = next(
            (
                t.get("fields") or {}
                for t in entry.get("translations", [])
                if t.get("locale") == locale.language_code
            ),
            {},
        )
        page = page.specific
        if fields.get("awaiting_language_review") and hasattr(page, "awaiting_language_review"):
            page.awaiting_language_review = True
            page.save_revision(user=self.user)

    def category(self, name):
        """The question pool the plan gives the package's pool ``name`` (made if new)."""
        category, _created = QuestionCategory.objects.get_or_create(
            name=self.plan.category_names.get(name, name)
        )
        return category

    def add_quiz_questions(self, quiz, entry):
        for order, ref in enumerate(entry.get("questions", [])):
            question = self.questions.get(ref)
            if question is not None:
                QuizPageQuestion.objects.create(page=quiz, question=question, sort_order=order)
        for order, draw in enumerate(entry.get("random_draws", [])):
            category = self.category(draw["category"])
            QuizRandomDraw.objects.create(
                page=quiz, category=category, count=draw.get("count", 1), sort_order=order
            )
