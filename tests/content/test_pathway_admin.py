"""Trainers edit, preview and publish pathways and review pathway changes; learners cannot."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from pathways.hooks import PATHWAY_STEP_REFERENCES
from pathways.models import PathwayChange, ReferralPathway
from tests.content.pathway_builders import build_pathway, publish_edit, step

NAMESPACE = "wagtailsnippets_pathways_referralpathway"
CHANGES_URL = "/admin/pathway-changes/"


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def step_form(key, title, *, urgent=False, contact=""):
    data = {
        "key": key,
        "title": title,
        "do": rich_text(f"<p>{title}: what to do.</p>"),
        "dont": rich_text("<p>Never confront anyone.</p>"),
        "responsible": "Anyone who is worried",
        "contact": contact,
    }
    if urgent:
        data["urgent"] = "on"
    return data


def pathway_form_data(steps=None, *, publish=True, **overrides):
    data = {
        "title": "If you are worried about an adult",
        "key": "adults",
        "sort_order": "0",
        "intro": rich_text("<p>You do not need proof to act.</p>"),
        "steps": inline_formset(
            steps
            if steps is not None
            else [
                step_form("immediate-safety", "Immediate danger? Call 999", urgent=True),
                step_form("tell-the-lead", "Tell the lead the same day"),
            ]
        ),
    }
    data.update(overrides)
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def references_to_first_steps(step_keys):
    return [
        (f"Scenario option about {key}", f"/admin/scenarios/{n}/", key)
        for n, key in enumerate(step_keys)
        if key.endswith("step-1")
    ]


@pytest.mark.django_db
class TestTrainerEditsPathways:
    def test_trainer_creates_and_publishes_a_pathway_learners_then_see(
        self, client_for, trainer, volunteer, catalogue
    ):
        response = client_for(trainer).post(url("add"), pathway_form_data())
        assert response.status_code == 302, response.content.decode()[:3000]
        pathway = ReferralPathway.objects.get(key="adults")
        assert pathway.live
        assert [s.key for s in pathway.steps.all()] == ["immediate-safety", "tell-the-lead"]
        assert pathway.steps.first().urgent
        change = pathway.changes.get()
        assert change.published_by == trainer
        assert change.added_steps == ["adults:immediate-safety", "adults:tell-the-lead"]

        page = client_for(volunteer).get("/referral-pathway/").content.decode()
        assert "Tell the lead the same day" in page

    def test_trainer_saves_a_draft_without_a_change_record(
        self, client_for, trainer, volunteer, catalogue
    ):
        response = client_for(trainer).post(url("add"), pathway_form_data(publish=False))
        assert response.status_code == 302
        pathway = ReferralPathway.objects.get(key="adults")
        assert not pathway.live
        assert not PathwayChange.objects.exists()
        page = client_for(volunteer).get("/referral-pathway/").content.decode()
        assert "Tell the lead the same day" not in page

    def test_trainer_edits_and_publishes_recording_only_the_changed_step(
        self, client_for, trainer, catalogue
    ):
        pathway = build_pathway("adults", steps=2)
        forms = [
            {
                "id": str(s.pk),
                "key": s.key,
                "title": s.title,
                "do": rich_text(s.do),
                "dont": rich_text(s.dont),
                "responsible": s.responsible,
                "contact": s.contact,
            }
            for s in pathway.steps.all()
        ]
        forms[1]["contact"] = "The anti-trafficking lead"
        data = pathway_form_data(forms, title=pathway.title, intro=rich_text(pathway.intro))
        data["steps-INITIAL_FORMS"] = "2"
        response = client_for(trainer).post(url("edit", pathway.pk), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        # The editor adds its own markup to untouched rich text: that is not a change.
        change = pathway.changes.get(version=2)
        assert change.changed_steps == ["adults:step-2"]
        assert change.added_steps == change.removed_steps == []

    def test_duplicate_step_keys_are_a_clear_form_error(self, client_for, trainer, catalogue):
        data = pathway_form_data(
            [step_form("tell-the-lead", "Tell the lead"), step_form("tell-the-lead", "Again")]
        )
        response = client_for(trainer).post(url("add"), data)
        assert response.status_code == 200
        assert "Another step in this pathway already has the key “tell-the-lead”" in (
            response.content.decode()
        )
        assert not ReferralPathway.objects.exists()

    def test_duplicate_pathway_key_is_a_form_error(self, client_for, trainer, catalogue):
        build_pathway("adults")
        response = client_for(trainer).post(url("add"), pathway_form_data())
        assert response.status_code == 200
        assert "Another referral pathway in this language already has the key “adults”." in (
            response.content.decode()
        )
        assert ReferralPathway.objects.filter(key="adults").count() == 1

    def test_trainer_previews_the_learner_view(self, client_for, trainer, catalogue):
        client = client_for(trainer)
        preview_url = url("preview_on_add")
        data = pathway_form_data(title="A previewed pathway", publish=False)
        assert client.post(preview_url, data).json()["is_valid"]
        preview = client.get(preview_url)
        assert preview.status_code == 200
        body = preview.content.decode()
        assert "A previewed pathway" in body
        assert "Urgent:" in body
        assert "Preview: learners see this page once the pathway is published." in body

    def test_trainer_sees_the_training_content_menu(self, client_for, trainer, catalogue):
        build_pathway("adults")
        client = client_for(trainer)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        for label in ("Training content", "Referral pathways", "Indicator library"):
            assert label in home, label
        assert "Pathway changes" in home
        assert client.get(url("list")).status_code == 200

    def test_trainer_locks_and_unlocks_a_pathway(self, client_for, trainer, catalogue):
        pathway = build_pathway("adults")
        client = client_for(trainer)
        assert client.post(url("lock", pathway.pk)).status_code == 302
        pathway.refresh_from_db()
        assert pathway.locked and pathway.locked_by == trainer
        assert client.post(url("unlock", pathway.pk)).status_code == 302
        pathway.refresh_from_db()
        assert not pathway.locked


@pytest.mark.django_db
def test_role_groups_hold_the_content_permissions():
    def codenames(group_name):
        group = Group.objects.get(name=group_name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert {
        "pathways.add_referralpathway",
        "pathways.change_referralpathway",
        "pathways.publish_referralpathway",
        "pathways.add_indicator",
        "pathways.change_indicator",
        "pathways.view_pathwaychange",
        "pathways.change_pathwaychange",
    } <= codenames("Trainers")
    assert {
        "pathways.view_referralpathway",
        "pathways.view_indicator",
        "pathways.view_pathwaychange",
    } <= codenames("Training managers")
    assert not any(p.startswith("pathways.") for p in codenames("Volunteers"))


@pytest.mark.django_db
class TestPathwayChangesView:
    def test_lists_changes_with_their_steps_and_what_refers_to_them(
        self, client_for, trainer, catalogue
    ):
        pathway = build_pathway("adults", steps=2)

        def edit(steps):
            steps[0].title = "Step one, reworded"
            steps[1].title = "Step two, reworded"
            return steps

        publish_edit(pathway, edit_steps=edit)
        calls = []

        def references(step_keys):
            calls.append(step_keys)
            return references_to_first_steps(step_keys)

        with hooks.register_temporarily(PATHWAY_STEP_REFERENCES, references):
            response = client_for(trainer).get(CHANGES_URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert len(calls) == 1, "the hook is asked once per page"
        assert sorted(calls[0]) == ["adults:step-1", "adults:step-2"]
        assert "Scenario option about adults:step-1" in body
        assert 'href="/admin/scenarios/' in body
        assert "Step one, reworded" in body
        assert "Compare with the version before" in body
        assert "Nothing refers to these steps yet." not in body

    def test_removed_steps_are_named_as_they_were(self, client_for, trainer, catalogue):
        pathway = build_pathway("adults", steps=3)
        publish_edit(pathway, edit_steps=lambda steps: steps[:2])
        body = client_for(trainer).get(CHANGES_URL).content.decode()
        removed = body[body.index("Removed") :]
        assert "<code>adults:step-3</code> Step 3" in removed

    def test_says_when_nothing_refers_to_the_changed_steps(self, client_for, trainer, catalogue):
        build_pathway("adults", steps=2)
        body = client_for(trainer).get(CHANGES_URL).content.decode()
        assert "adults:step-1" in body
        assert "Nothing refers to these steps yet." in body

    def test_trainer_marks_a_change_significant_and_unmarks_it(
        self, client_for, trainer, catalogue
    ):
        change = build_pathway("adults").changes.get()
        client = client_for(trainer)
        set_url = reverse("pathway_changes:set_significance", args=[change.pk])
        response = client.post(set_url, {"significant": "1"})
        assert response.status_code == 302
        assert response.url == CHANGES_URL
        change.refresh_from_db()
        assert change.significant
        client.post(set_url, {"significant": "0"})
        change.refresh_from_db()
        assert not change.significant

    def test_marking_needs_a_post(self, client_for, trainer, catalogue):
        change = build_pathway("adults").changes.get()
        set_url = reverse("pathway_changes:set_significance", args=[change.pk])
        assert client_for(trainer).get(set_url).status_code == 405

    def test_manager_reads_changes_but_cannot_mark_them(self, client_for, manager, catalogue):
        change = build_pathway("adults").changes.get()
        client = client_for(manager)
        response = client.get(CHANGES_URL)
        assert response.status_code == 200
        assert "Mark as significant" not in response.content.decode()
        set_url = reverse("pathway_changes:set_significance", args=[change.pk])
        assert client.post(set_url, {"significant": "1"}).status_code in (302, 403)
        change.refresh_from_db()
        assert not change.significant

    def test_manager_can_view_but_not_edit_pathways(self, client_for, manager, catalogue):
        pathway = build_pathway("adults")
        client = client_for(manager)
        assert client.get(url("list")).status_code == 200
        assert client.get(url("inspect", pathway.pk)).status_code == 200
        assert client.get(url("edit", pathway.pk)).status_code in (302, 403)
        response = client.post(url("add"), pathway_form_data(key="new-pathway"))
        assert response.status_code in (302, 403)
        assert not ReferralPathway.objects.filter(key="new-pathway").exists()

    def test_query_count_does_not_grow_with_changes(self, client_for, trainer, catalogue):
        client = client_for(trainer)
        pathway = build_pathway("adults", steps=2)
        client.get(CHANGES_URL)  # warm caches that outlive a request
        one = count_queries(client, CHANGES_URL)
        for n in range(5):
            pathway = publish_edit(pathway, edit_steps=lambda steps, n=n: [*steps, step(10 + n)])
        six = count_queries(client, CHANGES_URL)
        assert one == six, f"{one} queries for one change, {six} for six"


def count_queries(client, admin_url):
    hook = hooks.register_temporarily(PATHWAY_STEP_REFERENCES, references_to_first_steps)
    with hook, CaptureQueriesContext(connection) as captured:
        assert client.get(admin_url).status_code == 200
    return len(captured)


@pytest.mark.django_db
class TestLearnersCannotReachTheAdmin:
    @pytest.mark.parametrize("user_fixture", ["volunteer", "caseworker"])
    def test_learner_is_redirected_from_every_pathway_admin_view(
        self, request, client_for, catalogue, user_fixture
    ):
        pathway = build_pathway("adults")
        change = pathway.changes.get()
        client = client_for(request.getfixturevalue(user_fixture))
        for admin_url in (
            url("list"),
            url("add"),
            url("edit", pathway.pk),
            CHANGES_URL,
        ):
            response = client.get(admin_url)
            assert response.status_code == 302, admin_url
            assert "/admin/login/" in response.url
        set_url = reverse("pathway_changes:set_significance", args=[change.pk])
        assert client.post(set_url, {"significant": "1"}).status_code == 302
        client.post(url("add"), pathway_form_data(key="learner-made"))
        change.refresh_from_db()
        assert not change.significant
        assert not ReferralPathway.objects.filter(key="learner-made").exists()
