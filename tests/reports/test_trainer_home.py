"""A trainer's admin home shows what needs them; nobody else's does."""

import pytest
from django.core.cache import cache
from wagtail.models import WorkflowState

from modules.models import LessonPage
from reports.trainer_home import ITEM_ANALYSIS_CACHE_KEY
from tests.factories import build_module
from tests.factories.questions import build_quiz, single_choice
from tests.reports.helpers import answer_quiz, pick

HOME = "/admin/"
HEADINGS = (
    "Waiting for a training lead",
    "Affected by pathway changes",
    "Flagged by the quality check",
    "Flagged by the item analysis",
)


def home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_trainers_and_leads_see_the_four_panels_managers_do_not(
    client_for, trainer, lead, manager, catalogue
):
    for user in (trainer, lead):
        html = home(client_for(user))
        for heading in HEADINGS:
            assert heading in html, (user, heading)
    html = home(client_for(manager))
    for heading in HEADINGS:
        assert heading not in html


@pytest.mark.django_db
def test_a_page_submitted_for_approval_is_listed_until_approved(
    client_for, trainer, lead, general_module
):
    lesson = LessonPage.objects.child_of(general_module).first()
    lesson.title = "Interpreters, revised"
    lesson.save_revision(user=trainer)
    lesson.get_workflow().start(lesson, trainer)
    html = home(client_for(lead))
    assert "Interpreters, revised" in html
    assert f"/admin/pages/{lesson.pk}/edit/" in html
    assert "Submitted by" in html

    state = WorkflowState.objects.get(object_id=str(lesson.pk), status="in_progress")
    state.current_task_state.task.specific.on_action(
        state.current_task_state, lead, "approve"
    )
    assert "Interpreters, revised" not in home(client_for(lead))
    assert "No page is waiting for approval." in home(client_for(lead))


@pytest.mark.django_db
def test_a_question_flagged_by_the_quality_check_is_listed_with_its_edit_link(
    client_for, trainer, catalogue
):
    question = single_choice(title="Who decides", wrong=["All of the above", "The caller"])
    html = home(client_for(trainer))
    assert "Question “Who decides”" in html
    assert f"/admin/question-bank/singlechoicequestion/edit/{question.pk}/" in html


@pytest.mark.django_db
def test_a_question_nearly_everyone_gets_right_is_flagged_by_the_item_analysis(
    client_for, trainer, catalogue
):
    module = build_module(catalogue, slug="item-module", lessons=0)
    easy = single_choice(title="Too easy a question")
    quiz = build_quiz(module, [easy], pass_mark=50)
    cache.delete(ITEM_ANALYSIS_CACHE_KEY)
    html = home(client_for(trainer))
    assert "No question&#x27;s answers suggest rewriting it." in html or (
        "No question's answers suggest rewriting it." in html
    )
    for _ in range(20):
        answer_quiz(quiz, {easy: pick("A First Responder")})
    cache.delete(ITEM_ANALYSIS_CACHE_KEY)
    html = home(client_for(trainer))
    assert "Too easy a question" in html
    assert "Nearly everyone gets it right" in html


@pytest.mark.django_db
def test_the_home_costs_the_same_queries_for_one_or_three_submitted_pages(
    client_for, trainer, general_module
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(trainer)
    lessons = list(LessonPage.objects.child_of(general_module))

    def submit(lesson):
        lesson.save_revision(user=trainer)
        lesson.get_workflow().start(lesson, trainer)

    def count():
        home(client)  # warm caches (content types, the item analysis) first
        with CaptureQueriesContext(connection) as queries:
            html = home(client)
        return len(queries), html

    submit(lessons[0])
    one, html = count()
    assert lessons[0].title in html
    for lesson in lessons[1:]:
        submit(lesson)
    three, html = count()
    assert all(lesson.title in html for lesson in lessons)
    assert three == one


@pytest.mark.django_db
def test_only_a_real_change_to_a_pathway_lists_what_refers_to_its_steps(client_for, trainer):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from pathways.models import PathwayChange, ReferralPathway

    call_command("load_training_content", stdout=StringIO())
    # Every pathway was just published for the first time (version 1): nothing is out of date.
    html = home(client_for(trainer))
    assert "Nothing refers to a pathway step changed recently." in html
    children = ReferralPathway.objects.get(key="children", locale__language_code="en-gb")
    PathwayChange.objects.create(
        pathway=children,
        version=2,
        changed_steps=["children:immediate-safety"],
        published_at=timezone.now(),
    )
    html = home(client_for(trainer))
    assert "Nothing refers to a pathway step changed recently." not in html
    assert "Step “children:immediate-safety”" in html
    assert "children:notice-signs" not in html


def test_a_home_panel_must_say_which_rows_it_shows():
    from reports.trainer_home import TrainerHomePanel

    with pytest.raises(TypeError, match="rows"):

        class NoRows(TrainerHomePanel):
            heading = "Nothing"
