"""The default pathways and indicators: loaded once, kept as trainers made them, refreshable."""

import re

import pytest
from django.db import transaction

from content.demo.loader import ContentDataError, LoadReport
from content.demo.pathways import (
    load_reference_content,
    read_indicator_file,
    read_pathway_files,
)
from pathways.indicators import ExploitationType, SignCategory
from pathways.models import Indicator, PathwayChange, ReferralPathway
from tests.content.pathway_builders import publish_edit

PATHWAYS = read_pathway_files()
INDICATORS = read_indicator_file()


def english():
    """The source language: the Welsh translations (content/translations/cy) load too."""
    from wagtail.models import Locale

    return Locale.get_default()


def load(refresh=False):
    """What ``load_training_content`` does first: the pathways and the indicator library (the
    modules, quizzes and translations it loads next are tested in test_loader.py). The report
    as the command prints it."""
    report = LoadReport()
    with transaction.atomic():
        load_reference_content(report=report, refresh=refresh)
    return "\n".join(report.lines())


@pytest.fixture
def loaded(db):
    return load()


@pytest.mark.django_db
class TestLoad:
    def test_both_pathways_are_published_adults_first(self, loaded):
        pathways = ReferralPathway.objects.for_quick_reference()
        assert [p.key for p in pathways] == ["adults", "children"]
        for pathway in pathways:
            assert pathway.live
            assert pathway.published_version == 1
            assert 7 <= len(pathway.steps.all()) <= 10
            assert pathway.changes.get().version == 1

    def test_steps_keep_the_file_order_and_fields(self, loaded):
        data = next(p for p in PATHWAYS if p["key"] == "adults")
        pathway = ReferralPathway.objects.get(locale=english(), key="adults")
        steps = list(pathway.steps.all())
        assert [s.key for s in steps] == [s["key"] for s in data["steps"]]
        safety = next(s for s in steps if s.key == "immediate-safety")
        assert safety.urgent
        assert "999" in safety.contact
        assert safety.responsible == "Anyone who is worried"

    def test_every_indicator_is_loaded_once(self, loaded):
        assert sorted(
            Indicator.objects.filter(locale=english()).values_list("key", flat=True)
        ) == sorted(i["key"] for i in INDICATORS)

    def test_report_lists_what_was_created_then_what_was_kept(self, loaded):
        assert "created: referral pathway “If you are worried about an adult" in loaded
        assert "created: indicator “" in loaded
        second = load()
        assert "kept as it was: referral pathway “" in second
        assert f"kept as it was: indicator library ({len(INDICATORS)} indicators)" in second
        assert "created: referral pathway" not in second

    def test_running_twice_creates_nothing_twice(self, loaded):
        counts = (
            ReferralPathway.objects.count(),
            Indicator.objects.count(),
            PathwayChange.objects.count(),
        )
        revisions = [p.revisions.count() for p in ReferralPathway.objects.order_by("pk")]
        load()
        assert (
            ReferralPathway.objects.count(),
            Indicator.objects.count(),
            PathwayChange.objects.count(),
        ) == counts
        assert [p.revisions.count() for p in ReferralPathway.objects.order_by("pk")] == revisions

    def test_trainer_edits_survive_a_second_run(self, loaded):
        pathway = ReferralPathway.objects.get(locale=english(), key="adults")
        publish_edit(pathway, title="Edited by a trainer")
        indicator = Indicator.objects.get(locale=english(), key=INDICATORS[0]["key"])
        indicator.sign = "Reworded by a trainer"
        indicator.save()
        load()
        assert (
            ReferralPathway.objects.get(locale=english(), key="adults").title
            == "Edited by a trainer"
        )
        assert Indicator.objects.get(pk=indicator.pk).sign == "Reworded by a trainer"

    def test_refresh_publishes_the_files_as_a_new_revision_and_records_the_change(self, loaded):
        pathway = ReferralPathway.objects.get(locale=english(), key="adults")

        def drop_last_step(steps):
            return steps[:-1]

        pathway = publish_edit(pathway, title="Edited by a trainer", edit_steps=drop_last_step)
        revisions = pathway.revisions.count()
        report = load(refresh=True)
        pathway.refresh_from_db()
        assert pathway.title != "Edited by a trainer"
        assert pathway.revisions.count() == revisions + 1
        assert pathway.published_version == 3
        last_step = next(p for p in PATHWAYS if p["key"] == "adults")["steps"][-1]["key"]
        assert pathway.changes.get(version=3).added_steps == [f"adults:{last_step}"]
        assert "refreshed: referral pathway “" in report
        assert "refreshed: indicator “" in report

    def test_refresh_without_changes_records_no_pathway_change(self, loaded):
        changes = PathwayChange.objects.count()
        load(refresh=True)
        assert PathwayChange.objects.count() == changes
        assert set(ReferralPathway.objects.values_list("published_version", flat=True)) == {1}

    def test_refresh_keeps_the_stored_step_rows(self, loaded):
        before = dict(
            ReferralPathway.objects.get(locale=english(), key="adults").steps.values_list(
                "key", "pk"
            )
        )
        load(refresh=True)
        after = dict(
            ReferralPathway.objects.get(locale=english(), key="adults").steps.values_list(
                "key", "pk"
            )
        )
        assert after == before

    def test_refresh_restores_an_indicator_and_keeps_the_trainers_version(self, loaded):
        indicator = Indicator.objects.get(locale=english(), key=INDICATORS[0]["key"])
        indicator.sign = "Reworded by a trainer"
        indicator.save()
        indicator.save_revision()
        load(refresh=True)
        indicator.refresh_from_db()
        assert indicator.sign == INDICATORS[0]["sign"]
        signs = [r.content["sign"] for r in indicator.revisions.order_by("created_at", "pk")]
        assert "Reworded by a trainer" in signs


@pytest.mark.django_db
class TestDataErrors:
    def test_duplicate_step_key_names_the_file(self, tmp_path):
        (tmp_path / "adults.toml").write_text(
            'key = "adults"\ntitle = "Adults"\n'
            + '[[steps]]\nkey = "a"\ntitle = "A"\ndo_html = "<p>x</p>"\nresponsible = "r"\n' * 2
        )
        with pytest.raises(ContentDataError, match=r"adults.toml: step key 'a' is used twice"):
            read_pathway_files(tmp_path)

    def test_unknown_category_names_the_indicator(self, tmp_path):
        path = tmp_path / "indicators.toml"
        path.write_text(
            '[[indicators]]\nkey = "odd"\nsign = "s"\ncategory = "vibes"\n'
            'exploitation_types = ["general"]\nexplanation = "e"\n'
        )
        with pytest.raises(ContentDataError, match="indicator 'odd'"):
            load_reference_content(
                report=LoadReport(), pathways_dir=tmp_path / "none", indicators_file=path
            )
        assert not Indicator.objects.exists()

    def test_broken_toml_names_the_file(self, tmp_path):
        (tmp_path / "adults.toml").write_text('title = "unterminated')
        with pytest.raises(ContentDataError, match="adults.toml"):
            read_pathway_files(tmp_path)


# Content quality: the default pathways and indicators are part of the product.

FORBIDDEN = re.compile(r"lorem ipsum|\bTODO\b|\bTBC\b|placeholder", re.IGNORECASE)


def test_two_pathways_with_seven_to_ten_steps_and_an_urgent_999_step():
    assert sorted(p["key"] for p in PATHWAYS) == ["adults", "children"]
    for pathway in PATHWAYS:
        assert 7 <= len(pathway["steps"]) <= 10
        urgent = [s for s in pathway["steps"] if s.get("urgent")]
        assert any("999" in s.get("contact", "") for s in urgent), pathway["key"]
        assert not FORBIDDEN.search(repr(pathway))


def test_pathways_respect_the_organisations_stance():
    text = repr(PATHWAYS)
    assert "not a First Responder" in text
    assert "08000 121 700" in text
    adults = repr(next(p for p in PATHWAYS if p["key"] == "adults"))
    assert "consent" in adults


def test_indicators_cover_every_category_and_form_of_exploitation():
    assert 30 <= len(INDICATORS) <= 50
    assert {i["category"] for i in INDICATORS} == set(SignCategory.values)
    assert {t for i in INDICATORS for t in i["exploitation_types"]} == set(ExploitationType.values)
    assert not FORBIDDEN.search(repr(INDICATORS))
