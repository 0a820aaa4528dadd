"""Page factories and :func:`build_module`, which makes a module with N published lessons."""

import json

import factory
import wagtail_factories
from django.contrib.auth.models import Group

from modules.models import LessonPage, TrainingCatalogPage, TrainingModulePage


class TrainingCatalogPageFactory(wagtail_factories.PageFactory):
    title = "Training"
    slug = "training"

    class Meta:
        model = TrainingCatalogPage


class TrainingModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module covers."
    certificate_validity_months = 12

    class Meta:
        model = TrainingModulePage


def lesson_body(paragraphs=2):
    blocks = [{"type": "heading", "value": {"text": "A section"}}]
    blocks += [{"type": "text", "value": f"<p>Paragraph {i}.</p>"} for i in range(paragraphs)]
    blocks.append(
        {"type": "key_points", "value": {"title": "Key points", "points": ["Call 999 in danger."]}}
    )
    return json.dumps(blocks)


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    summary = "What this lesson covers."
    body = factory.LazyFunction(lesson_body)

    class Meta:
        model = LessonPage


def build_module(catalogue, *, slug, lessons=3, audience=(), prerequisites=(), title=None):
    """Create a published module under ``catalogue`` with ``lessons`` published lessons."""
    module = TrainingModulePageFactory(
        parent=catalogue, slug=slug, title=title or slug.replace("-", " ").capitalize()
    )
    if audience:
        module.audience = list(Group.objects.filter(name__in=[r.group_name for r in audience]))
    if prerequisites:
        module.prerequisites = list(prerequisites)
    module.save_revision().publish()
    for number in range(1, lessons + 1):
        LessonPageFactory(parent=module, slug=f"{slug}-lesson-{number}", title=f"Lesson {number}")
    return TrainingModulePage.objects.get(pk=module.pk)
