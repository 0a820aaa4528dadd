"""Progress through a module: marking lessons complete, percentages, resuming and completion."""

import pytest
from django.db import transaction
from django.test import Client

from modules import services
from modules.models import Enrolment, LessonProgress
from modules.overview import ModuleStatus, module_overview
from modules.signals import module_completed
from tests.factories import LessonPageFactory


def lessons(module):
    return list(module.get_children().live().specific())


@pytest.fixture
def completions():
    """Record every module_completed signal sent during the test."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    module_completed.connect(receiver, dispatch_uid="test-completions")
    yield received
    module_completed.disconnect(dispatch_uid="test-completions")


@pytest.mark.django_db
class TestMarkLessonComplete:
    def test_post_marks_lesson_complete_and_moves_to_next_lesson(
        self, client_for, volunteer, general_module
    ):
        first, second, _third = lessons(general_module)
        response = client_for(volunteer).post(first.url, {"action": "complete"})
        assert response.status_code == 302
        assert response.url == second.url
        progress = LessonProgress.objects.get()
        assert progress.lesson_id == first.id
        assert progress.enrolment.user == volunteer
        assert progress.enrolment.cycle == 1

    def test_marking_twice_records_once(self, client_for, volunteer, general_module):
        first = lessons(general_module)[0]
        client = client_for(volunteer)
        client.post(first.url, {"action": "complete"})
        client.post(first.url, {"action": "complete"})
        assert LessonProgress.objects.count() == 1
        assert Enrolment.objects.count() == 1

    def test_get_writes_nothing(self, client_for, volunteer, general_module):
        client_for(volunteer).get(lessons(general_module)[0].url)
        assert not Enrolment.objects.exists()

    def test_post_without_csrf_token_is_refused(self, volunteer, general_module):
        client = Client(enforce_csrf_checks=True)
        client.force_login(volunteer)
        response = client.post(lessons(general_module)[0].url, {"action": "complete"})
        assert response.status_code == 403
        assert not LessonProgress.objects.exists()

    def test_unknown_action_changes_nothing(self, client_for, volunteer, general_module):
        response = client_for(volunteer).post(lessons(general_module)[0].url, {"action": "delete"})
        assert response.status_code == 302
        assert not LessonProgress.objects.exists()

    def test_completed_lesson_shows_as_completed(self, client_for, volunteer, general_module):
        first = lessons(general_module)[0]
        client = client_for(volunteer)
        client.post(first.url, {"action": "complete"})
        body = client.get(first.url).content.decode()
        assert "You have completed this lesson" in body
        assert 'name="action" value="complete"' not in body


@pytest.mark.django_db
class TestPercentages:
    def test_percent_counts_completed_lessons(self, volunteer, general_module):
        services.mark_lesson_complete(user=volunteer, lesson=lessons(general_module)[0])
        overview = module_overview(volunteer, general_module)
        assert overview.status == ModuleStatus.IN_PROGRESS
        assert (overview.completed_count, overview.lesson_count, overview.percent) == (1, 3, 33)

    def test_lesson_added_later_lowers_percentage(self, volunteer, general_module):
        for lesson in lessons(general_module)[:2]:
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
        assert module_overview(volunteer, general_module).percent == 67
        LessonPageFactory(parent=general_module, slug="new-lesson")
        overview = module_overview(volunteer, general_module)
        assert (overview.completed_count, overview.lesson_count, overview.percent) == (2, 4, 50)
        assert overview.next_lesson.slug == "general-awareness-lesson-3"

    def test_unpublished_lesson_stops_counting(self, volunteer, general_module):
        first, _second, third = lessons(general_module)
        services.mark_lesson_complete(user=volunteer, lesson=first)
        third.unpublish()
        assert module_overview(volunteer, general_module).percent == 50

    def test_module_page_shows_progress_and_resume_link(
        self, client_for, volunteer, general_module
    ):
        first, second, _third = lessons(general_module)
        client = client_for(volunteer)
        client.post(first.url, {"action": "complete"})
        body = client.get(general_module.url).content.decode()
        assert "1 of 3 lessons complete" in body
        assert '<progress id="module-progress" max="100" value="33">' in body
        assert "Continue where you left off" in body
        assert f'href="{second.url}"' in body

    def test_my_training_lists_status_percent_and_last_activity(
        self, client_for, volunteer, general_module, caseworker_module
    ):
        client = client_for(volunteer)
        client.post(lessons(general_module)[0].url, {"action": "complete"})
        body = client.get("/my-training/").content.decode()
        assert "In progress: 33% complete" in body
        assert "Last activity:" in body
        assert "This module is for: Caseworkers." in body


@pytest.mark.django_db
class TestModuleCompletion:
    def test_completing_last_lesson_completes_module_once(
        self, client_for, volunteer, general_module, completions
    ):
        client = client_for(volunteer)
        for lesson in lessons(general_module):
            response = client.post(lesson.url, {"action": "complete"})
        assert response.url == general_module.url
        enrolment = Enrolment.objects.get()
        assert enrolment.completed_at is not None
        assert len(completions) == 1
        assert completions[0]["enrolment"] == enrolment
        assert completions[0]["user"] == volunteer

        first_date = enrolment.completed_at
        client.post(lessons(general_module)[0].url, {"action": "complete"})
        enrolment.refresh_from_db()
        assert enrolment.completed_at == first_date
        assert len(completions) == 1

    def test_completed_module_shows_completed_in_catalogue(
        self, client_for, volunteer, general_module
    ):
        for lesson in lessons(general_module):
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
        body = client_for(volunteer).get("/").content.decode()
        assert "Completed" in body
        assert module_overview(volunteer, general_module).percent == 100

    def test_completion_is_recorded_once_even_when_asked_twice(
        self, volunteer, general_module, completions
    ):
        for lesson in lessons(general_module):
            services.mark_lesson_complete(user=volunteer, lesson=lesson)
        enrolment = Enrolment.objects.get()
        stale_copy = Enrolment.objects.get(pk=enrolment.pk)
        stale_copy.completed_at = None  # as a racing request would still see it
        assert not services.complete_module_if_requirements_met(
            enrolment=stale_copy, module=general_module
        )
        assert len(completions) == 1

    def test_module_without_lessons_is_never_complete(self, volunteer, catalogue):
        from tests.factories import build_module

        empty = build_module(catalogue, slug="empty", lessons=0)
        enrolment = services.start_module(user=volunteer, module=empty)
        assert not services.complete_module_if_requirements_met(enrolment=enrolment, module=empty)

    def test_failed_signal_receiver_rolls_back_completion(self, volunteer, general_module):
        def broken(sender, **kwargs):
            raise RuntimeError("listener failed")

        module_completed.connect(broken, dispatch_uid="broken")
        try:
            *rest, last = lessons(general_module)
            for lesson in rest:
                services.mark_lesson_complete(user=volunteer, lesson=lesson)
            with pytest.raises(RuntimeError), transaction.atomic():
                services.mark_lesson_complete(user=volunteer, lesson=last)
        finally:
            module_completed.disconnect(dispatch_uid="broken")
        enrolment = Enrolment.objects.get()
        assert enrolment.completed_at is None
        assert enrolment.lesson_progress.count() == 2
