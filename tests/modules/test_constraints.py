"""Every uniqueness rule is a database constraint, and a duplicate raises."""

import pytest
from django.db import IntegrityError, transaction

from modules.models import Enrolment, LessonProgress


@pytest.mark.django_db
def test_second_enrolment_in_same_cycle_raises(volunteer, general_module):
    Enrolment.objects.create(user=volunteer, module=general_module, module_title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=volunteer, module=general_module, module_title="x")


@pytest.mark.django_db
def test_new_cycle_is_allowed(volunteer, general_module):
    Enrolment.objects.create(user=volunteer, module=general_module, module_title="x")
    Enrolment.objects.create(user=volunteer, module=general_module, module_title="x", cycle=2)
    assert Enrolment.objects.count() == 2


@pytest.mark.django_db
def test_cycle_zero_raises(volunteer, general_module):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=volunteer, module=general_module, module_title="x", cycle=0)


@pytest.mark.django_db
def test_same_lesson_twice_in_one_enrolment_raises(volunteer, general_module):
    enrolment = Enrolment.objects.create(user=volunteer, module=general_module, module_title="x")
    lesson = general_module.get_children().first()
    LessonProgress.objects.create(enrolment=enrolment, lesson_id=lesson.id)
    with pytest.raises(IntegrityError), transaction.atomic():
        LessonProgress.objects.create(enrolment=enrolment, lesson_id=lesson.id)


@pytest.mark.django_db
def test_deleting_a_module_keeps_learner_records(volunteer, general_module):
    Enrolment.objects.create(
        user=volunteer, module=general_module, module_title=general_module.title
    )
    general_module.delete()
    enrolment = Enrolment.objects.get()
    assert enrolment.module is None
    assert enrolment.module_title == "General awareness"
