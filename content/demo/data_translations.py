"""
The default questions, scenarios, pathways and indicators in other languages, loaded through
wagtail-localize.

``content/translations/<language>/data/<data file>.po`` holds the translation of one data file
(see :mod:`content.demo.source_strings`): each entry's ``msgctxt`` is the address of a string
in the data file, its ``msgid`` the English and its ``msgstr`` the whole translated value (HTML
included). For each object a data file describes (a question, a scenario, a pathway, an
indicator), this module asks wagtail-localize for a translation of the English object, as
"Translate" in the admin does (a translation source and a translation), fills in the strings the
PO file translates and saves the translated object. From then on it is an ordinary
wagtail-localize translation: trainers edit it in the translation editor, and a changed English
object marks it out of date until it is synchronised.

wagtail-localize cuts a value into *segments*: a plain text field is one, a rich text field one
per paragraph or list item. Our files hold whole values, so the English and the translated HTML
are cut the same way and paired in order; a value whose translation has a different number of
segments is skipped (it stays English) and named in the report. A string whose ``msgid`` is no
longer the English of the data file is not used, and neither is one whose English is no longer
what the stored object says (a trainer changed it): both stay English until a translator
catches up.

Wiring never travels through a translation: keys, stage references, pathway steps, indicators,
correct answers and points are synchronised from the English object (see the models'
``override_translatable_fields`` and :class:`quizzes.scenario_choices.WiringMixin`).

The strings are recorded as machine-made with :data:`content.demo.translations.DRAFT_TOOL_NAME`:
nobody fluent has checked them yet. Safe to run twice: an object that already has a translation
is left as trainers made it, unless ``refresh`` asks for the files' version again.
"""

import json
import re
import tomllib

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from content.demo.loader import DATA_DIR, ContentDataError
from content.demo.source_strings import (
    data_files,
    read_translation,
    source_strings,
    translated,
    translation_path,
)
from content.demo.translations import DRAFT_TOOL_NAME, TRANSLATIONS_DIR
from pathways.models import Indicator, ReferralPathway
from quizzes.models import Question, ScenarioQuestion
from quizzes.scenario_blocks import ScenarioStagesBlock

#: The HTML fields of the data files: cut into segments like wagtail-localize cuts rich text.
HTML_SUFFIX = "_html"

_ADDRESS_PART = re.compile(r"([^.\[]+)(?:\[([^\]]+)\])?")


def load_data_translations(
    report, *, refresh=False, translations_dir=TRANSLATIONS_DIR, data_dir=DATA_DIR
):
    """Translate the default questions, scenarios, pathways and indicators into each language
    with a ``data`` folder of PO files."""
    if not translations_dir.is_dir():
        return
    for language_dir in sorted(p for p in translations_dir.iterdir() if (p / "data").is_dir()):
        locale = Locale.objects.filter(language_code=language_dir.name).first()
        if locale is None:
            raise ContentDataError(
                f"{language_dir}: the site has no {language_dir.name!r} language "
                "(add it to LANGUAGES and WAGTAIL_CONTENT_LANGUAGES)"
            )
        for relative in data_files(data_dir):
            po_path = translation_path(translations_dir, language_dir.name, relative)
            if po_path.exists():
                load_file_translation(
                    data_dir / relative, po_path, locale, refresh=refresh, report=report
                )


def load_file_translation(data_path, po_path, locale, *, refresh=False, report):
    """Translate every object ``data_path`` describes with the strings of ``po_path``."""
    with open(data_path, "rb") as handle:
        data = tomllib.load(handle)
    try:
        by_address = translated(source_strings(data), read_translation(po_path))
    except (OSError, ValueError) as error:
        raise ContentDataError(f"{po_path}: not a readable PO file ({error})") from error
    english = {string.address: string.english for string in source_strings(data)}
    for instance, fields in _objects_and_fields(data, english, by_address, report, po_path):
        translate_object(instance, locale, fields, refresh=refresh, report=report)


# What each data file describes, and where its strings go ----------------------------------------


def _objects_and_fields(data, english, by_address, report, po_path):
    """``(English object, [(segment path, is_html, English, translation), ...])`` pairs."""
    if "questions" in data:
        for question in data["questions"]:
            instance = _english(Question, question["key"], report, po_path)
            if instance is not None:
                prefix = f"questions[{question['key']}]."
                fields = _fields(prefix, english, by_address, _question_paths(instance))
                yield (
                    instance,
                    fields + _bank_title(instance, by_address.get(f"{prefix}prompt_html")),
                )
    elif "stages" in data:
        instance = _english(Question, data["key"], report, po_path)
        if isinstance(instance, ScenarioQuestion):
            _stages_in_block_format(instance)
            yield instance, _fields("", english, by_address, _scenario_paths(instance))
    elif "steps" in data:
        instance = ReferralPathway.objects.filter(
            key=data["key"], locale=Locale.get_default()
        ).first()
        if instance is None:
            report.kept.append(f"{po_path.name}: no English pathway “{data['key']}”")
        else:
            yield instance, _fields("", english, by_address, _pathway_paths(instance))
    elif "indicators" in data:
        stored = {
            indicator.key: indicator
            for indicator in Indicator.objects.filter(locale=Locale.get_default())
        }
        for item in data["indicators"]:
            instance = stored.get(item["key"])
            if instance is not None:
                prefix = f"indicators[{item['key']}]."
                yield instance, _fields(prefix, english, by_address, _plain_paths)


def _bank_title(question, translated_prompt):
    """The question bank's name for the translation, made from its prompt as the English one is
    (``content.demo.quizzes``), unless a trainer has named the English question otherwise."""

    def title(prompt):
        return Truncator(strip_tags(prompt).strip()).chars(150)

    if not translated_prompt or question.title != title(question.prompt):
        return []
    return [("title", False, question.title, title(translated_prompt))]


def _english(model, key, report, po_path):
    instance = model.objects.filter(key=key, locale=Locale.get_default()).first()
    if instance is None:
        report.kept.append(f"{po_path.name}: no English “{key}” to translate")
    return instance


def _fields(prefix, english, by_address, path_of):
    """The translated strings under ``prefix``, each with its segment path in the object."""
    fields = []
    for address, translation in by_address.items():
        if not address.startswith(prefix):
            continue
        relative = address[len(prefix) :]
        path = path_of(relative)
        if path is not None:
            is_html = relative.rsplit(".", 1)[-1].endswith(HTML_SUFFIX)
            fields.append((path, is_html, english[address], translation))
    return fields


def _parts(relative):
    """``"choices[1].text"`` → ``[("choices", "1"), ("text", None)]``."""
    return [match.groups() for match in _ADDRESS_PART.finditer(relative)]


#: A data file's name for a field, and the model field it fills.
_FIELD_NAMES = {
    "prompt_html": "prompt",
    "narrative_html": "prompt",
    "general_feedback_html": "general_feedback",
    "guidance_html": "guidance",
    "debrief_html": "debrief",
    "intro_html": "intro",
    "do_html": "do",
    "dont_html": "dont",
}


def _field(name):
    return _FIELD_NAMES.get(name, name)


def _plain_paths(relative):
    """A field of the object itself (``sign``, ``title``, ``content_note``...)."""
    parts = _parts(relative)
    if len(parts) == 1 and parts[0][1] is None:
        return _field(parts[0][0])
    return None


def _question_paths(question):
    """Segment paths of a question: its own fields, and its options, steps or pairs by place."""
    children = {
        relation: [str(part.translation_key) for part in getattr(question, relation).all()]
        for relation in ("options", "items", "pairs")
        if hasattr(question, relation)
    }
    relation_of = {"choices": "options", "items": "items", "pairs": "pairs"}
    field_of = {"choices": "text", "items": "text"}

    def path_of(relative):
        parts = _parts(relative)
        if len(parts) == 1 and parts[0][1] is None:
            return _field(parts[0][0])
        (name, position), *rest = parts
        keys = children.get(relation_of.get(name), [])
        if position is None or not position.isdigit() or int(position) >= len(keys):
            return None
        field = rest[0][0] if rest else field_of.get(name)
        if field is None:
            return None
        return f"{relation_of[name]}.{keys[int(position)]}.{field}"

    return path_of


def _pathway_paths(pathway):
    """Segment paths of a pathway: its own fields, and its steps by key."""
    steps = {step.key: str(step.translation_key) for step in pathway.steps.all()}

    def path_of(relative):
        parts = _parts(relative)
        if len(parts) == 1 and parts[0][1] is None:
            return _field(parts[0][0])
        if len(parts) == 2 and parts[0] == ("steps", parts[0][1]) and parts[0][1] in steps:
            return f"steps.{steps[parts[0][1]]}.{_field(parts[1][0])}"
        return None

    return path_of


def _scenario_paths(scenario):
    """Segment paths of a scenario: its own fields, and its stages, observations and options
    by key (the blocks' ids in the English stages)."""
    stages = {}
    for stage in scenario.stages:
        items = {}
        for list_name in ("observations", "options"):
            if list_name in stage.value:
                items[list_name] = {
                    item.value["key"]: item.id for item in stage.value[list_name].bound_blocks
                }
        stages[stage.value["key"]] = (stage.id, items)

    def path_of(relative):
        parts = _parts(relative)
        if len(parts) == 1 and parts[0][1] is None:
            return _field(parts[0][0])
        if parts[0][0] != "stages" or parts[0][1] not in stages:
            return None
        block_id, items = stages[parts[0][1]]
        if len(parts) == 2:
            return f"stages.{block_id}.{_field(parts[1][0])}"
        if len(parts) == 3:
            list_name, item_key = parts[1]
            item_id = items.get(list_name, {}).get(item_key)
            if item_id is not None:
                return f"stages.{block_id}.{list_name}.{item_id}.{parts[2][0]}"
        return None

    return path_of


def _stages_in_block_format(scenario):
    """Give the stages' lists Wagtail's current format (items with ids), once.

    wagtail-localize offers the text of list items only in that format; stages written before
    it (plain lists) get it by going through the block types and back, as lessons do.
    """
    raw = scenario.stages.raw_data
    if all(_lists_have_ids(stage.get("value", {})) for stage in raw):
        return
    stream = ScenarioStagesBlock()
    value = stream.to_python(list(raw))
    list(value)  # bind every block: a block left unread keeps its raw (old) form
    ScenarioQuestion.objects.filter(pk=scenario.pk).update(
        stages=json.dumps(stream.get_prep_value(value))
    )
    scenario.refresh_from_db(fields=["stages"])


def _lists_have_ids(value):
    return all(
        isinstance(item, dict) and "id" in item and "value" in item
        for name in ("observations", "options")
        for item in value.get(name, [])
    )


# One object --------------------------------------------------------------------------------------


def segment_pairs(is_html, english, translation):
    """``[(English segment, translated segment)]`` as wagtail-localize stores them, or None
    when the translated HTML does not cut into as many segments as the English."""
    if not is_html:
        return [
            (StringValue.from_plaintext(english).data, StringValue.from_plaintext(translation).data)
        ]
    _template, english_strings = extract_strings(english.strip())
    _template, translated_strings = extract_strings(translation.strip())
    if len(english_strings) != len(translated_strings):
        return None
    return [
        (source.data, target.data)
        for (source, _attrs), (target, _attrs2) in zip(
            english_strings, translated_strings, strict=True
        )
    ]


def translate_object(instance, locale, fields, *, refresh=False, report):
    """Save ``instance`` (English) in ``locale`` with the translated ``fields``.

    ``fields`` are ``(segment path, is_html, English, translation)``. Returns the translated
    object, or None when a translation existed and was kept (or nothing was translated).
    """
    label = f"{locale.get_display_name()} {instance._meta.verbose_name} “{instance}”"
    existing = instance.get_translation_or_none(locale)
    if existing is not None and not refresh:
        report.kept.append(label)
        return None
    wanted = {}
    for path, is_html, english, translation in fields:
        pairs = segment_pairs(is_html, english, translation)
        if pairs is None:
            report.kept.append(f"{label}: {path} stays English (its HTML does not match)")
            continue
        for source, target in pairs:
            wanted[(path, source)] = target
    if not wanted and existing is None:
        return None
    with transaction.atomic():
        source, created = TranslationSource.get_or_create_from_instance(instance)
        if not created:
            source.update_from_db()
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        po = translation.export_po()
        for entry in po:
            if (entry.msgctxt, entry.msgid) in wanted:
                entry.msgstr = wanted[(entry.msgctxt, entry.msgid)]
        translation.import_po(po, translation_type="machine", tool_name=DRAFT_TOOL_NAME)
        translation.save_target(publish=True)
    translated_instance = instance.get_translation(locale)
    (report.refreshed if existing else report.created).append(f"{label} (awaiting review)")
    return translated_instance
