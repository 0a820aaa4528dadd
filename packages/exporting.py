"""
Writing a module package: everything another site needs to rebuild a module, and no ids.

:func:`export_module` gathers, from one :class:`~modules.models.TrainingModulePage`:

* the module page, its lessons and its quiz, in tree order, with their own editable fields
  (StreamFields as raw data with chooser ids turned into package references);
* the questions the quiz lists, every question of the categories it draws from, and the
  scenarios lessons offer for practice, with their options, pairs and ordering items;
* the indicators and the referral pathway steps those scenarios and questions name, and the
  pathways lessons embed, so the receiving site can map them to its own;
* the images the pages and questions show;
* the translations of the pages and questions: each translated page's own fields, and the
  strings wagtail-localize holds for each language (see :mod:`packages.translations`).

Content is exported as the pages hold it now (what learners see for a published page). Learner
records (progress, attempts, certificates) never leave the site.
"""

import posixpath

from django.conf import settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from modules.models import QuizPage
from packages.format import FORMAT_NAME, FORMAT_VERSION, IMAGES_DIR, write_package
from packages.references import map_choosers, scenario_keys
from packages.translations import exported_translations
from pathways.models import Indicator, PathwayStep, ReferralPathway
from quizzes.models import Question

__all__ = ["export_module", "question_ref"]


def question_ref(question):
    """The name a question goes by inside a package: its key, or one made from its id."""
    return question.key or f"question-{question.pk}"


def export_module(module):
    """The bytes of a package holding ``module`` (a TrainingModulePage)."""
    return _Exporter(module).build()


class _Exporter:
    def __init__(self, module):
        self.module = module.specific
        self.images = {}  # image id -> (file name, image)
        self.questions = {}  # question ref -> specific question
        self.indicator_keys = []
        self.step_names = []
        self.pathway_keys = []

    def build(self):
        pages = [page.specific for page in self.module.get_children().order_by("path")]
        module_entry = self.page_entry(self.module)
        module_entry["audience"] = sorted(group.name for group in self.module.audience.all())
        module_entry["prerequisites"] = sorted(
            page.slug for page in self.module.prerequisites.all()
        )
        page_entries = [self.page_entry(page) for page in pages]
        for page in pages:
            if isinstance(page, QuizPage):
                self.add_quiz_questions(page)
        question_entries = self.question_entries()
        manifest = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "source": getattr(settings, "WAGTAILADMIN_BASE_URL", ""),
            "exported_at": timezone.now().isoformat(),
            "module": module_entry,
            "pages": page_entries,
            "questions": question_entries,
            "indicators": self.indicator_entries(),
            "pathway_steps": self.step_entries(),
            "pathways": self.pathway_entries(),
            "images": [
                {
                    "file": name,
                    "title": image.title,
                    "description": getattr(image, "description", ""),
                }
                for name, image in self.images.values()
            ],
        }
        files = {}
        for name, image in self.images.values():
            with image.file.open("rb") as handle:
                files[name] = handle.read()
        return write_package(manifest, files)

    # Pages ----------------------------------------------------------------------------------

    def page_entry(self, page):
        entry = {"type": page._meta.label_lower, "fields": self.page_fields(page)}
        if isinstance(page, QuizPage):
            entry["questions"] = [
                question_ref(row.question)
                for row in page.quiz_questions.select_related("question").order_by(
                    "sort_order", "pk"
                )
            ]
            entry["random_draws"] = [
                {"category": draw.category.name, "count": draw.count}
                for draw in page.random_draws.select_related("category")
            ]
        strings = {t["locale"]: t["strings"] for t in exported_translations(page)}
        entry["translations"] = [
            {
                "locale": translation.locale.language_code,
                "fields": self.page_fields(translation),
                "strings": strings.get(translation.locale.language_code, []),
            }
            for translation in page.get_translations()
            .specific()
            .select_related("locale")
            .order_by("locale__language_code")
        ]
        return entry

    def page_fields(self, page):
        fields = {"title": page.title, "slug": page.slug}
        for field in type(page)._meta.concrete_fields:
            if field.model is Page or field.is_relation or not field.editable or field.primary_key:
                continue
            fields[field.name] = self.field_value(page, field)
        return fields

    def field_value(self, obj, field):
        value = getattr(obj, field.name)
        stream_block = getattr(field, "stream_block", None)
        if stream_block is None:
            return field.value_from_object(obj)
        raw = stream_block.get_prep_value(value)
        return map_choosers(stream_block, raw, self.reference)

    def reference(self, model, value):
        """A chooser's id as a package reference (the value of ``map_choosers``' ``replace``)."""
        pk = value.get("id") if isinstance(value, dict) else value
        if issubclass(model, get_image_model()):
            image = model.objects.filter(pk=pk).first()
            return image and {"package_ref": "image", "ref": self.image_name(image)}
        if issubclass(model, Indicator):
            indicator = Indicator.objects.filter(pk=pk).first()
            if indicator is None:
                return None
            self.indicator_keys.append(indicator.key)
            return {"package_ref": "indicator", "ref": indicator.key}
        if issubclass(model, ReferralPathway):
            pathway = ReferralPathway.objects.filter(pk=pk).first()
            if pathway is None:
                return None
            self.pathway_keys.append(pathway.key)
            return {"package_ref": "pathway", "ref": pathway.key}
        if issubclass(model, Question):
            question = Question.objects.filter(pk=pk).first()
            if question is None:
                return None
            self.add_question(question.get_real_instance())
            return {"package_ref": "question", "ref": question_ref(question)}
        return None

    def image_name(self, image):
        if image.pk not in self.images:
            extension = posixpath.splitext(image.file.name)[1].lower() or ".png"
            self.images[image.pk] = (f"{IMAGES_DIR}{len(self.images) + 1}{extension}", image)
        return self.images[image.pk][0]

    # Questions ------------------------------------------------------------------------------

    def add_quiz_questions(self, quiz):
        for row in quiz.quiz_questions.select_related("question"):
            self.add_question(row.question.get_real_instance())
        for draw in quiz.random_draws.all():
            # The quiz's own language: a category also holds the questions' translations.
            drawn = Question.objects.filter(category_id=draw.category_id, locale_id=quiz.locale_id)
            for question in drawn.order_by("pk"):
                self.add_question(question.get_real_instance())

    def add_question(self, question):
        self.questions.setdefault(question_ref(question), question)

    def question_entries(self):
        entries = []
        # Questions may bring more references (images, indicators); iterate over a copy.
        for ref, question in sorted(self.questions.items()):
            entries.append(self.question_entry(ref, question))
        return entries

    def question_entry(self, ref, question):
        fields = {}
        for field in type(question)._meta.concrete_fields:
            if field.is_relation or not field.editable or field.primary_key:
                continue
            fields[field.name] = self.field_value(question, field)
        stages = fields.get("stages")
        if stages:
            indicators, steps = scenario_keys(stages)
            self.indicator_keys.extend(indicators)
            self.step_names.extend(steps)
        # Sorted: a package's bytes never depend on the order the database returns rows in.
        indicator_keys = sorted(indicator.key for indicator in question.indicators.all())
        self.indicator_keys.extend(indicator_keys)
        return {
            "ref": ref,
            "model": question._meta.label_lower,
            "fields": fields,
            "category": question.category.name if question.category_id else "",
            "image": self.image_name(question.image) if question.image_id else "",
            "indicators": indicator_keys,
            "tags": sorted(tag.name for tag in question.tags.all()),
            "children": self.child_rows(question),
            "translations": exported_translations(question),
        }

    def child_rows(self, instance):
        from modelcluster.models import get_all_child_relations

        children = {}
        for relation in get_all_child_relations(instance):
            rows = []
            ordering = [*relation.related_model._meta.ordering, "pk"]
            for row in getattr(instance, relation.get_accessor_name()).order_by(*ordering):
                rows.append(
                    {
                        field.name: field.value_from_object(row)
                        for field in type(row)._meta.concrete_fields
                        # Not the translation key: it belongs to this site's rows.
                        if not field.is_relation and not field.primary_key and field.editable
                    }
                )
            children[relation.get_accessor_name()] = rows
        return children

    # What the receiving site maps to its own -----------------------------------------------

    def indicator_entries(self):
        entries = []
        for key in dict.fromkeys(self.indicator_keys):
            indicator = (
                Indicator.objects.filter(key=key, locale=Locale.get_default()).first()
                or Indicator.objects.filter(key=key).order_by("locale_id").first()
            )
            entry = {"key": key}
            if indicator is not None:
                entry.update(
                    sign=indicator.sign,
                    category=indicator.category,
                    exploitation_types=indicator.exploitation_types,
                    explanation=indicator.explanation,
                )
                translations = exported_translations(indicator)
                if translations:
                    entry["translations"] = translations
            entries.append(entry)
        return entries

    def step_entries(self):
        entries = []
        for name in dict.fromkeys(self.step_names):
            pathway_key, _colon, step_key = name.partition(":")
            step = (
                PathwayStep.objects.filter(pathway__key=pathway_key, key=step_key)
                .select_related("pathway")
                .order_by("pathway__locale_id")
                .first()
            )
            entry = {"ref": name, "pathway": pathway_key, "key": step_key}
            if step is not None:
                entry.update(title=step.title, pathway_title=step.pathway.title)
            entries.append(entry)
        return entries

    def pathway_entries(self):
        entries = []
        for key in dict.fromkeys(self.pathway_keys):
            pathway = ReferralPathway.objects.filter(key=key).order_by("locale_id").first()
            entries.append({"key": key, "title": pathway.title if pathway else ""})
        return entries
