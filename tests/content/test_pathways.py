"""The referral pathway model: constraints, step comparison, and changes recorded on publish."""

import pytest
from django.db import IntegrityError, transaction
from wagtail import hooks
from wagtail.models import Locale

from learners.roles import Role
from pathways.hooks import PATHWAY_STEP_REFERENCES, StepReference, find_step_references
from pathways.models import (
    PathwayChange,
    PathwayStep,
    ReferralPathway,
    changed_step_keys,
    pathway_snapshot,
    published_content_differs,
)
from tests.content.pathway_builders import build_pathway, publish_edit, step
from tests.factories import UserFactory


def content(key="adults", steps=(), **fields):
    """Revision-like content: ``steps`` are dicts of step fields."""
    base_step = {
        "title": "t",
        "do": "<p>d</p>",
        "dont": "",
        "responsible": "r",
        "contact": "",
        "urgent": False,
    }
    return {
        "key": key,
        "title": fields.get("title", "Adults"),
        "intro": fields.get("intro", ""),
        "live": True,
        "published_version": 3,
        "steps": [
            {"pk": n, "sort_order": n, **base_step, **s} for n, s in enumerate(steps, start=1)
        ],
    }


class TestChangedStepKeys:
    def test_first_publication_adds_every_step(self):
        new = content(steps=[{"key": "a"}, {"key": "b"}])
        changes = changed_step_keys(None, new)
        assert changes.added == ("adults:a", "adults:b")
        assert changes.changed == changes.removed == ()

    def test_added_changed_and_removed_steps_by_reference(self):
        old = content(steps=[{"key": "a"}, {"key": "b"}, {"key": "c"}])
        new = content(steps=[{"key": "a"}, {"key": "b", "contact": "101"}, {"key": "d"}])
        changes = changed_step_keys(old, new)
        assert changes.added == ("adults:d",)
        assert changes.changed == ("adults:b",)
        assert changes.removed == ("adults:c",)
        assert changes.all_references == ["adults:d", "adults:b", "adults:c"]

    @pytest.mark.parametrize(
        "field,value", [("title", "New"), ("do", "<p>x</p>"), ("urgent", True)]
    )
    def test_any_learner_facing_field_makes_a_step_changed(self, field, value):
        old = content(steps=[{"key": "a"}])
        new = content(steps=[{"key": "a", field: value}])
        assert changed_step_keys(old, new).changed == ("adults:a",)

    def test_moving_a_step_or_changing_ids_changes_no_step(self):
        old = content(steps=[{"key": "a"}, {"key": "b"}])
        new = content(steps=[{"key": "b"}, {"key": "a"}])
        assert not changed_step_keys(old, new)
        assert published_content_differs(old, new)

    def test_renaming_a_step_key_removes_the_old_reference(self):
        old = content(steps=[{"key": "a"}])
        new = content(steps=[{"key": "a2"}])
        changes = changed_step_keys(old, new)
        assert (changes.added, changes.removed) == (("adults:a2",), ("adults:a",))

    def test_renaming_the_pathway_key_replaces_every_reference(self):
        old = content(key="adults", steps=[{"key": "a"}])
        new = content(key="grown-ups", steps=[{"key": "a"}])
        changes = changed_step_keys(old, new)
        assert (changes.added, changes.removed) == (("grown-ups:a",), ("adults:a",))

    def test_markup_added_by_the_rich_text_editor_is_not_a_change(self):
        old = content(steps=[{"key": "a", "do": "<ul>\n<li>Call 999 &amp; wait.</li>\n</ul>"}])
        new = content(
            steps=[{"key": "a", "do": '<ul><li data-block-key="x1">Call 999 & wait.</li></ul>'}]
        )
        assert not changed_step_keys(old, new)
        assert not published_content_differs(old, new)

    def test_bookkeeping_fields_are_not_content(self):
        old = content(steps=[{"key": "a"}])
        new = {**content(steps=[{"key": "a"}]), "published_version": 9, "live": False}
        assert not published_content_differs(old, new)
        assert pathway_snapshot(pathway_snapshot(new)) == pathway_snapshot(new)


@pytest.mark.django_db
class TestConstraints:
    def test_pathway_key_is_unique_per_locale(self):
        build_pathway("adults")
        with pytest.raises(IntegrityError), transaction.atomic():
            ReferralPathway.objects.create(
                locale=Locale.get_default(), key="adults", title="Again", live=False
            )

    def test_same_pathway_key_in_another_locale_is_allowed(self, settings):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [
            ("en-gb", "English"),
            ("fr", "French"),
        ]
        french = Locale.objects.create(language_code="fr")
        english = build_pathway("adults")
        translation = english.copy_for_translation(french)
        translation.save()
        assert translation.key == "adults"
        assert translation.steps.count() == 3

    def test_one_translation_per_locale(self):
        pathway = build_pathway("adults")
        with pytest.raises(IntegrityError), transaction.atomic():
            ReferralPathway.objects.create(
                locale=pathway.locale,
                translation_key=pathway.translation_key,
                key="other",
                title="Other",
                live=False,
            )

    def test_step_key_is_unique_within_its_pathway(self):
        pathway = build_pathway("adults", steps=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            PathwayStep.objects.create(pathway=pathway, **_fields(step(9, key="step-1")))

    def test_same_step_key_in_two_pathways_is_allowed(self):
        build_pathway("adults", steps=1)
        children = build_pathway("children", steps=1)
        assert children.steps.get().key == "step-1"

    def test_change_version_is_unique_per_pathway(self):
        pathway = build_pathway("adults")
        existing = pathway.changes.get()
        with pytest.raises(IntegrityError), transaction.atomic():
            PathwayChange.objects.create(
                pathway=pathway, version=existing.version, published_at=existing.published_at
            )

    def test_change_version_starts_at_one(self):
        pathway = build_pathway("adults")
        with pytest.raises(IntegrityError), transaction.atomic():
            PathwayChange.objects.create(
                pathway=pathway, version=0, published_at=pathway.last_published_at
            )

    def test_change_step_lists_default_to_new_empty_lists(self):
        first, second = PathwayChange(), PathwayChange()
        first.added_steps.append("adults:a")
        assert second.added_steps == []


def _fields(unsaved_step):
    return {f: getattr(unsaved_step, f) for f in ("key", "title", "do", "responsible")}


@pytest.mark.django_db
class TestPathwayChangeOnPublish:
    def test_first_publication_is_version_one_with_every_step_added(self):
        pathway = build_pathway("adults", steps=3)
        change = pathway.changes.get()
        assert (change.version, pathway.published_version) == (1, 1)
        assert change.added_steps == ["adults:step-1", "adults:step-2", "adults:step-3"]
        assert change.changed_steps == change.removed_steps == []
        assert change.published_at == pathway.last_published_at
        assert change.snapshot["steps"][0]["key"] == "step-1"
        assert not change.significant

    def test_publishing_changed_steps_records_the_right_references(self):
        trainer = UserFactory(username="publisher", roles=[Role.TRAINER])
        pathway = build_pathway("adults", steps=3)

        def edit(steps):
            steps[0].contact = "999"
            return [steps[0], steps[1], step(4)]

        pathway = publish_edit(pathway, user=trainer, edit_steps=edit)
        change = pathway.changes.get(version=2)
        assert pathway.published_version == 2
        assert change.added_steps == ["adults:step-4"]
        assert change.changed_steps == ["adults:step-1"]
        assert change.removed_steps == ["adults:step-3"]
        assert change.published_by == trainer
        assert change.revision_id == pathway.live_revision_id

    def test_saving_a_draft_writes_no_change(self):
        pathway = build_pathway("adults")
        draft = pathway.get_latest_revision_as_object()
        draft.title = "A draft title"
        draft.save_revision()
        assert pathway.changes.count() == 1
        pathway.refresh_from_db()
        assert pathway.published_version == 1

    def test_unpublished_pathway_writes_no_change(self):
        build_pathway("adults", publish=False)
        assert not PathwayChange.objects.exists()

    def test_publishing_the_same_content_again_writes_nothing(self):
        pathway = build_pathway("adults")
        pathway = publish_edit(pathway)
        assert pathway.changes.count() == 1
        assert pathway.published_version == 1

    def test_title_only_change_is_a_new_version_with_no_steps(self):
        pathway = publish_edit(build_pathway("adults"), title="If you are worried about an adult")
        change = pathway.changes.get(version=2)
        assert change.step_references == []
        assert pathway.published_version == 2

    def test_publishing_an_older_draft_does_not_reuse_a_version(self):
        pathway = build_pathway("adults")
        stale_draft = pathway.get_latest_revision_as_object()
        stale_draft.title = "Stale draft"
        stale_revision = stale_draft.save_revision()
        publish_edit(pathway, title="Published in between")
        stale_revision.publish()
        pathway.refresh_from_db()
        assert pathway.title == "Stale draft"
        assert list(pathway.changes.order_by("version").values_list("version", flat=True)) == [
            1,
            2,
            3,
        ]
        assert pathway.published_version == 3

    def test_swapping_two_step_keys_can_be_published(self):
        pathway = build_pathway("adults", steps=2)

        def swap(steps):
            steps[0].key, steps[1].key = steps[1].key, steps[0].key
            return steps

        pathway = publish_edit(pathway, edit_steps=swap)
        assert list(pathway.steps.values_list("key", flat=True)) == ["step-2", "step-1"]
        assert pathway.changes.get(version=2).changed_steps == ["adults:step-2", "adults:step-1"]


@pytest.mark.django_db
class TestStepReferenceHook:
    """Other apps may register real hooks (they query the database, which is empty here)."""

    def test_nothing_refers_to_steps_yet(self):
        assert find_step_references(["adults:step-1"]) == {}

    def test_results_are_grouped_by_step_and_filtered_to_what_was_asked(self):
        calls = []

        def references(step_keys):
            calls.append(step_keys)
            return [
                ("Scenario A", "/admin/a/", "adults:step-1"),
                ("Scenario A", "/admin/a/", "adults:step-1"),
                ("Question B", "", "adults:step-2"),
                ("Not asked", "/admin/x/", "children:step-9"),
            ]

        with hooks.register_temporarily(PATHWAY_STEP_REFERENCES, references):
            found = find_step_references(["adults:step-1", "adults:step-2", "adults:step-1"])
            assert find_step_references([]) == {}
        assert calls == [["adults:step-1", "adults:step-2"]], "each hook is called once"
        assert found == {
            "adults:step-1": [StepReference("Scenario A", "/admin/a/", "adults:step-1")],
            "adults:step-2": [StepReference("Question B", "", "adults:step-2")],
        }

    def test_hook_name_is_the_documented_contract(self):
        assert PATHWAY_STEP_REFERENCES == "referral_pathway_step_references"
