"""The page explorer lists a module's lessons in the module's order, not newest first."""

import pytest
from django.urls import reverse

from modules.models import LessonPage


@pytest.mark.django_db
def test_explorer_lists_lessons_in_module_order_not_newest_first(
    client_for, trainer, general_module
):
    # Revisions saved in order, so the last lesson is the newest: Wagtail's default ordering
    # ("-latest_revision_created_at") would list Lesson 3 first.
    for lesson in LessonPage.objects.child_of(general_module).order_by("path"):
        lesson.save_revision()

    response = client_for(trainer).get(reverse("wagtailadmin_explore", args=(general_module.id,)))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(title) for title in ("Lesson 1", "Lesson 2", "Lesson 3")]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_explorer_lists_modules_in_catalogue_order(client_for, trainer, caseworker_module):
    catalogue = caseworker_module.get_parent()
    html = client_for(trainer).get(reverse("wagtailadmin_explore", args=(catalogue.id,)))
    html = html.content.decode()
    assert html.index("General awareness") < html.index("Caseworker training")
