"""The launcher's doors: token, launch, status; bad tokens; a session kept to its module."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from modules.models import Enrolment
from quizzes.models import QuizAttempt
from quizzes.models.attempts import AttemptStatus, ReviewPolicy
from scorm.models import DispatchLearner
from scorm.services import create_dispatch
from scorm.tokens import make_launch_token, make_package_key

User = get_user_model()


@pytest.fixture
def dispatch(quiz_module, trainer):
    return create_dispatch(module=quiz_module, lms_name="Partner LMS", created_by=trainer)


def ask_token(client, dispatch, learner="lms-42", name="Ada Lovelace", key=None):
    key = key if key is not None else make_package_key(dispatch)
    return client.get("/scorm/token/", {"package": key, "learner": learner, "name": name})


def launch(client, token):
    return client.post("/scorm/launch/", {"token": token})


def test_token_door_answers_any_origin_with_launch_and_status_addresses(dispatch):
    response = ask_token(Client(), dispatch)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["launch_url"].startswith("http://testserver/scorm/launch/?token=")
    assert data["status_url"].startswith("http://testserver/scorm/status/?token=")
    assert User.objects.filter(scorm_learner__isnull=False).count() == 0


def test_launch_makes_one_account_in_the_module_audience_and_signs_in(dispatch):
    token = ask_token(Client(), dispatch).json()["token"]
    client = Client()
    page = client.get("/scorm/launch/", {"token": token})
    assert page.status_code == 200
    assert b"Partner LMS" in page.content
    assert DispatchLearner.objects.count() == 0  # looking does not make an account
    response = launch(client, token)
    assert response.status_code == 302
    assert response["Location"] == dispatch.module.url
    learner = DispatchLearner.objects.get()
    assert learner.lms_learner_id == "lms-42"
    assert learner.user.first_name == "Ada Lovelace"
    assert not learner.user.has_usable_password()
    assert client.get(dispatch.module.url).status_code == 200
    # A second launch of the same LMS learner finds the same account.
    launch(Client(), ask_token(Client(), dispatch).json()["token"])
    assert DispatchLearner.objects.count() == 1


def test_session_is_kept_to_the_launched_module(dispatch):
    client = Client()
    launch(client, ask_token(client, dispatch).json()["token"])
    response = client.get("/my-training/")
    assert response.status_code == 403
    assert b"Back to your module" in response.content
    assert client.get("/my-account/").status_code == 403
    assert client.get("/admin/").status_code == 403


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "0" * 32 + token[32:],
        lambda token: "not-a-token",
        lambda token: "",
    ],
    ids=["tampered-signature", "other-dispatch", "garbage", "empty"],
)
def test_bad_token_is_refused_with_a_message_and_makes_no_account(dispatch, mangle):
    token = mangle(ask_token(Client(), dispatch).json()["token"])
    response = launch(Client(), token)
    assert response.status_code == 400
    assert b"This launch link is not valid" in response.content
    status = Client().get("/scorm/status/", {"token": token})
    assert status.status_code == 400
    assert DispatchLearner.objects.count() == 0


def test_token_with_a_changed_learner_is_refused(dispatch):
    token = make_launch_token(dispatch, learner_id="lms-1")
    head, signed = token.split(".", 1)
    payload, rest = signed.split(":", 1)
    other = make_launch_token(dispatch, learner_id="lms-2").split(".", 1)[1].split(":", 1)[0]
    response = launch(Client(), f"{head}.{other}:{rest}")
    assert response.status_code == 400
    assert DispatchLearner.objects.count() == 0


def test_expired_token_is_refused(dispatch, settings):
    settings.SCORM_LAUNCH_TOKEN_MAX_AGE = 60
    token = make_launch_token(dispatch, learner_id="lms-1")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        response = launch(Client(), token)
    assert response.status_code == 400
    assert b"has expired" in response.content
    assert DispatchLearner.objects.count() == 0


def test_inactive_dispatch_refuses_key_and_token(dispatch):
    token = make_launch_token(dispatch, learner_id="lms-1")
    dispatch.active = False
    dispatch.save()
    assert ask_token(Client(), dispatch).status_code == 400
    response = launch(Client(), token)
    assert response.status_code == 400
    assert b"no longer offered" in response.content
    assert DispatchLearner.objects.count() == 0


def test_forged_package_key_and_missing_learner_are_refused(dispatch):
    forged = make_package_key(dispatch)[:-3] + "xyz"
    assert ask_token(Client(), dispatch, key=forged).status_code == 400
    response = ask_token(Client(), dispatch, learner="")
    assert response.status_code == 400
    assert "learner id" in response.json()["error"]


def test_status_reports_completion_score_and_pass_without_personal_data(dispatch, quiz):
    client = Client()
    token = ask_token(client, dispatch).json()["token"]
    before = client.get("/scorm/status/", {"token": token})
    assert before["Access-Control-Allow-Origin"] == "*"
    assert before.json() == {"completed": False, "passed": None, "score": None}
    launch(client, token)
    user = DispatchLearner.objects.get().user
    now = timezone.now()
    for number, score, passed in ((1, 50, False), (2, 90, True)):
        QuizAttempt.objects.create(
            user=user,
            number=number,
            quiz=quiz,
            quiz_title=quiz.title,
            pass_mark=80,
            review_policy=ReviewPolicy.values[0],
            max_attempts=0,
            status=AttemptStatus.SUBMITTED,
            submitted_at=now,
            score=score,
            passed=passed,
        )
    Enrolment.objects.create(user=user, module=dispatch.module, module_title="m", completed_at=now)
    data = Client().get("/scorm/status/", {"token": token}).json()
    assert data == {"completed": True, "passed": True, "score": 90.0}


def test_one_account_per_lms_learner_is_a_constraint(dispatch):
    user_a = User.objects.create(username="a")
    user_b = User.objects.create(username="b")
    DispatchLearner.objects.create(dispatch=dispatch, lms_learner_id="x", user=user_a)
    with pytest.raises(IntegrityError):
        DispatchLearner.objects.create(dispatch=dispatch, lms_learner_id="x", user=user_b)


@pytest.mark.parametrize("odd", ["Z" * 32 + ".x", "\x00" * 40, "a" * 5000, "%00.%00"])
def test_odd_tokens_and_keys_answer_400(dispatch, odd):
    assert Client().get("/scorm/status/", {"token": odd}).status_code == 400
    assert Client().post("/scorm/launch/", {"token": odd}).status_code == 400
    assert Client().get("/scorm/token/", {"package": odd, "learner": "x"}).status_code == 400


def test_odd_dispatch_ids_in_the_admin_are_not_found(dispatch, trainer, client_for):
    client = client_for(trainer)
    for path in ("99999999999999999999/package/1.2/", f"{dispatch.pk}/package/3.0/"):
        assert client.get(f"/admin/scorm/{path}").status_code == 404


def test_privacy_export_and_erasure_cover_the_lms_learner_id(dispatch, manager):
    from learners.services import erase_learner, export_learner_data

    client = Client()
    launch(client, ask_token(client, dispatch).json()["token"])
    user = DispatchLearner.objects.get().user
    exported = export_learner_data(user)
    assert "lms-42" in str(exported)
    erase_learner(user=user, erased_by=manager)
    assert not DispatchLearner.objects.filter(lms_learner_id="lms-42").exists()


def test_lms_learner_joins_the_audience_but_never_a_group_with_admin_permissions(dispatch):
    from django.contrib.auth.models import Group

    from learners.roles import Role

    module = dispatch.module
    module.audience.set(Group.objects.filter(name__in=[Role.VOLUNTEER.value, Role.TRAINER.value]))
    module.save()  # a ParentalManyToManyField is written with the page
    client = Client()
    launch(client, ask_token(client, dispatch).json()["token"])
    user = DispatchLearner.objects.get().user
    assert set(user.groups.values_list("name", flat=True)) == {Role.VOLUNTEER.value}
    assert not user.has_perm("wagtailadmin.access_admin")
