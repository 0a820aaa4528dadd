"""
Load the default referral pathways and indicator library from the data files beside this module.

``data/pathways/<key>.toml`` describes one pathway and its ordered steps (file names set the
order of the pathways on the quick reference); ``data/indicators.toml`` lists the indicators. The
format is described in ``briefs/SCENARIO_FORMAT.md``. Everything is matched by ``key`` in the
site's default language:

* a pathway or indicator that does not exist yet is created (pathways are published);
* one that exists is left exactly as trainers made it, unless ``refresh=True``: then the files'
  version is saved (and, for a pathway, published) as a new revision, so the trainers' versions
  stay in the history and the publication is recorded as a pathway change.

Nothing that is not described by a data file is touched, so loading twice changes nothing.
:func:`load_reference_content` is called by :func:`content.demo.loader.load_training_content`.
"""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from wagtail.models import Locale

from pathways.models import Indicator, PathwayStep, ReferralPathway

DATA_DIR = Path(__file__).resolve().parent / "data"
PATHWAYS_DIR = DATA_DIR / "pathways"
INDICATORS_FILE = DATA_DIR / "indicators.toml"

STEP_TEXT_FIELDS = {"title": "title", "do_html": "do", "dont_html": "dont"}


def _data_error(message):
    # The loader imports this module, so its error class is looked up when needed.
    from content.demo.loader import ContentDataError

    return ContentDataError(message)


def load_reference_content(
    *, report, refresh=False, pathways_dir=PATHWAYS_DIR, indicators_file=INDICATORS_FILE
):
    """Create (or, with ``refresh``, republish) the default pathways and indicators."""
    locale = Locale.get_default()
    for position, data in enumerate(read_pathway_files(pathways_dir)):
        _load_pathway(data, locale=locale, sort_order=position * 10, refresh=refresh, report=report)
    _load_indicators(read_indicator_file(indicators_file), locale, refresh=refresh, report=report)


def read_pathway_files(pathways_dir=PATHWAYS_DIR):
    """Read and check every pathway file, in file name order."""
    pathways = [_read_toml(path) for path in sorted(Path(pathways_dir).glob("*.toml"))]
    keys = [data.get("key") for data in pathways]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _data_error(f"{pathways_dir}: pathway keys used twice: {duplicates}")
    for data in pathways:
        _check_pathway(data)
    return pathways


def read_indicator_file(indicators_file=INDICATORS_FILE):
    """Read the indicator library and check that every key is used once."""
    data = _read_toml(Path(indicators_file))
    indicators = data.get("indicators", [])
    keys = [indicator.get("key") for indicator in indicators]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise _data_error(f"{indicators_file}: indicator keys used twice: {duplicates}")
    for indicator in indicators:
        indicator["_source"] = data["_source"]
    return indicators


def _read_toml(path):
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise _data_error(f"{path}: {error}") from error
    data["_source"] = str(path)
    return data


def _check_pathway(data):
    source = data["_source"]
    missing = [name for name in ("key", "title", "steps") if not data.get(name)]
    if missing:
        raise _data_error(f"{source}: missing {missing}")
    seen = set()
    for number, step in enumerate(data["steps"], start=1):
        required = ("key", "title", "do_html", "responsible")
        missing = [name for name in required if not step.get(name)]
        if missing:
            raise _data_error(f"{source}: step {number} is missing {missing}")
        try:
            validate_slug(step["key"])
        except ValidationError as error:
            raise _data_error(f"{source}: step key {step['key']!r} is not a slug") from error
        if step["key"] in seen:
            raise _data_error(f"{source}: step key {step['key']!r} is used twice")
        seen.add(step["key"])


def _load_pathway(data, *, locale, sort_order, refresh, report):
    pathway = ReferralPathway.objects.filter(locale=locale, key=data["key"]).first()
    if pathway is not None and not refresh:
        report.kept.append(f"referral pathway “{pathway.title}”")
        return pathway
    created = pathway is None
    if created:
        pathway = ReferralPathway(locale=locale, key=data["key"], sort_order=sort_order)
    pathway.title = data["title"]
    pathway.intro = data.get("intro_html", "").strip()
    existing_steps = {} if created else {step.key: step for step in pathway.steps.all()}
    steps = []
    for position, step_data in enumerate(data["steps"]):
        # Reuse the stored step of the same key, so its row (and id) survives a refresh.
        step = existing_steps.get(step_data["key"]) or PathwayStep(key=step_data["key"])
        for source_name, field_name in STEP_TEXT_FIELDS.items():
            setattr(step, field_name, step_data.get(source_name, "").strip())
        step.responsible = step_data["responsible"]
        step.contact = step_data.get("contact", "")
        step.urgent = bool(step_data.get("urgent", False))
        step.sort_order = position
        try:
            step.full_clean(exclude=["pathway"], validate_constraints=False)
        except ValidationError as error:
            raise _data_error(
                f"{data['_source']}: step {step_data['key']!r}: {error.messages}"
            ) from error
        steps.append(step)
    pathway.steps = steps
    try:
        if created:
            # Like the admin: a new snippet is saved as a draft, then its revision is published.
            pathway.live = False
            pathway.full_clean()
            pathway.save()
        pathway.save_revision().publish()
    except ValidationError as error:
        raise _data_error(f"{data['_source']}: {error.messages}") from error
    (report.created if created else report.refreshed).append(f"referral pathway “{pathway.title}”")
    return pathway


def _load_indicators(indicators, locale, *, refresh, report):
    stored = {indicator.key: indicator for indicator in Indicator.objects.filter(locale=locale)}
    kept = 0
    for data in indicators:
        indicator = stored.get(data.get("key"))
        if indicator is not None and not refresh:
            kept += 1
            continue
        created = indicator is None
        if created:
            indicator = Indicator(locale=locale, key=data.get("key", ""))
        indicator.sign = data.get("sign", "")
        indicator.category = data.get("category", "")
        indicator.exploitation_types = list(data.get("exploitation_types", []))
        indicator.explanation = data.get("explanation", "").strip()
        try:
            indicator.full_clean()
        except ValidationError as error:
            raise _data_error(
                f"{data['_source']}: indicator {data.get('key')!r}: {error.messages}"
            ) from error
        indicator.save()
        indicator.save_revision(clean=False)
        (report.created if created else report.refreshed).append(f"indicator “{indicator.sign}”")
    if kept:
        report.kept.append(f"indicator library ({kept} indicators)")
