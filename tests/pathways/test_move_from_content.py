"""
The referral pathway models moved from ``content`` to ``pathways`` without losing a row.

A database is built at the schema before the move (migrations run back to it), filled the way a
live site would be with that code: pathways with steps, a published version and its change, the
indicator library, a scenario question tagged with indicators, a certificate with a pathway
reminder, a Wagtail revision and a group permission on the pathway. Then the migrations run
forward and the current models must find every row, id and link as it was.
"""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from certificates.models import Certificate, RefresherReminder
from pathways.models import HelpContact, Indicator, PathwayChange, ReferralPathway, TrainingSettings
from quizzes.models import Question, ScenarioQuestion

#: The last migrations of each app before the move; "pathways" did not exist.
BEFORE_THE_MOVE = [
    ("content", "0002_referral_pathway_and_indicators"),
    ("quizzes", "0003_question_indicators"),
    ("certificates", "0001_initial"),
    ("modules", "0007_refresher_dates"),
    ("pathways", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def remember_content_types():
    """Fill the content type cache from the migrated table again (the ids are kept).

    After this test the database is emptied and the next test that rolls back by serialized
    content loads it again; some models (Wagtail's tasks) ask for their content type while they
    are built, and with an empty cache that would insert a row the serialized content then
    inserts a second time.
    """
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models())


def latest_migrations():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill_the_old_schema(old):
    """Rows as the pre-move code wrote them, through the models of that schema."""
    content_type = old.get_model("contenttypes", "ContentType")
    pathway_type = content_type.objects.get(app_label="content", model="referralpathway")
    locale = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en")[0]
    user = old.get_model("auth", "User").objects.create(username="trainer-before-the-move")

    pathway_model = old.get_model("content", "ReferralPathway")
    adults = pathway_model.objects.create(
        locale=locale, key="adults", title="Adults", published_version=1, sort_order=1
    )
    children = pathway_model.objects.create(locale=locale, key="children", title="Children")
    step_model = old.get_model("content", "PathwayStep")
    tell = step_model.objects.create(
        pathway=adults,
        key="tell-the-lead",
        title="Tell the lead",
        do="<p>Today.</p>",
        responsible="The anti-trafficking lead",
        sort_order=0,
    )
    urgent = step_model.objects.create(
        pathway=adults,
        key="call-999",
        title="Call 999",
        do="<p>Danger now.</p>",
        responsible="Anyone",
        urgent=True,
        sort_order=1,
    )
    step_model.objects.create(
        pathway=children,
        key="safeguarding-lead",
        title="Safeguarding lead",
        do="<p>Now.</p>",
        responsible="The safeguarding lead",
        sort_order=0,
    )
    revision = old.get_model("wagtailcore", "Revision").objects.create(
        content_type=pathway_type,
        base_content_type=pathway_type,
        object_id=str(adults.pk),
        object_str="Adults",
        created_at=timezone.now(),
        content={"key": "adults", "title": "Adults", "steps": []},
        user=user,
    )
    change = old.get_model("content", "PathwayChange").objects.create(
        pathway=adults,
        version=1,
        revision=revision,
        snapshot={"key": "adults", "steps": [{"key": "tell-the-lead"}]},
        added_steps=["adults:tell-the-lead"],
        published_at=timezone.now(),
        published_by=user,
        significant=True,
    )
    indicator_model = old.get_model("content", "Indicator")
    documents = indicator_model.objects.create(
        locale=locale,
        key="documents-held",
        sign="Someone else holds their passport",
        category="restricted_movement",
        exploitation_types=["forced_labour"],
        explanation="One sign proves nothing.",
    )
    isolated = indicator_model.objects.create(
        locale=locale,
        key="never-alone",
        sign="Never seen alone",
        category="isolation",
        exploitation_types=["general"],
        explanation="One sign proves nothing.",
    )
    old.get_model("content", "HelpContact").objects.create(
        locale=locale, name="Emergency", purpose="Danger now", phone="999", is_emergency=True
    )
    site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
    old.get_model("content", "TrainingSettings").objects.update_or_create(
        site=site, defaults={"organisation_name": "Before the move"}
    )

    scenario = old.get_model("quizzes", "ScenarioQuestion").objects.create(
        title="A form at the drop-in",
        prompt="<p>What do you notice?</p>",
        setting="refugee_support_drop_in",
        pathway_key="adults",
        polymorphic_ctype=content_type.objects.get_for_model(ScenarioQuestion),
    )
    scenario.indicators.set([documents, isolated])

    certificate = old.get_model("certificates", "Certificate").objects.create(
        code="C" * 26,
        short_code="S" * 11,
        learner_name="Ana",
        module_title="General awareness",
        pathway_versions=[{"key": "adults", "version": 1}],
        user=user,
        expires_on=datetime.date(2027, 12, 6),
    )
    reminder = old.get_model("certificates", "RefresherReminder").objects.create(
        certificate=certificate, kind="pathway_change", pathway_change=change
    )

    permission = old.get_model("auth", "Permission").objects.get(
        content_type=pathway_type, codename="change_referralpathway"
    )
    group = old.get_model("auth", "Group").objects.create(name="Pathway editors before the move")
    group.permissions.add(permission)

    return {
        "adults": adults.pk,
        "children": children.pk,
        "steps": [tell.pk, urgent.pk],
        "revision": revision.pk,
        "change": change.pk,
        "indicators": {documents.pk, isolated.pk},
        "scenario": scenario.pk,
        "certificate": certificate.pk,
        "reminder": reminder.pk,
        "user": user.pk,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_before_the_move_are_all_found_after_it():
    latest = latest_migrations()
    old = migrate(BEFORE_THE_MOVE)
    try:
        ids = fill_the_old_schema(old)
    finally:
        migrate(latest)
        remember_content_types()

    adults = ReferralPathway.objects.get(pk=ids["adults"])
    assert (adults.key, adults.title, adults.published_version) == ("adults", "Adults", 1)
    assert [step.pk for step in adults.steps.order_by("sort_order")] == ids["steps"]
    assert [step.urgent for step in adults.steps.order_by("sort_order")] == [False, True]
    assert ReferralPathway.objects.get(pk=ids["children"]).steps.get().key == "safeguarding-lead"

    change = PathwayChange.objects.get(pk=ids["change"])
    assert (change.pathway_id, change.version, change.significant) == (ids["adults"], 1, True)
    assert change.revision_id == ids["revision"] and change.published_by_id == ids["user"]
    assert change.added_steps == ["adults:tell-the-lead"]
    # The revision's content type followed the model, so Wagtail finds the pathway from it.
    assert change.revision.content_object == adults
    assert adults.revisions.get().pk == ids["revision"]

    assert set(Indicator.objects.values_list("pk", flat=True)) >= ids["indicators"]
    assert Indicator.objects.get(key="documents-held").exploitation_types == ["forced_labour"]
    assert HelpContact.objects.get(phone="999").is_emergency
    assert TrainingSettings.objects.get(site__is_default_site=True).organisation_name == (
        "Before the move"
    )

    scenario = Question.objects.get(pk=ids["scenario"])
    assert isinstance(scenario, ScenarioQuestion) and scenario.pathway_key == "adults"
    assert set(scenario.indicators.values_list("pk", flat=True)) == ids["indicators"]

    certificate = Certificate.objects.get(pk=ids["certificate"])
    assert certificate.pathway_versions == [{"key": "adults", "version": 1}]
    reminder = RefresherReminder.objects.get(pk=ids["reminder"])
    assert (reminder.certificate_id, reminder.pathway_change_id) == (ids["certificate"], change.pk)

    group = Group.objects.get(name="Pathway editors before the move")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == {
        "pathways.change_referralpathway"
    }
    assert not ContentType.objects.filter(app_label="content").exists()
