"""
With two-factor sign-in required for staff, a password alone uses no staff permission anywhere:
not in the admin (tests/security/test_two_factor.py) and not outside it either. Until the session
is verified with a code, a manager, trainer or administrator is a learner like any other.
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.certificates.helpers import complete_module
from tests.factories.two_factor import current_code

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/verify/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.REQUIRE_2FA_FOR_STAFF = True


def verified(client, user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    return client


@pytest.mark.parametrize("role", ["manager", "superuser"])
def test_others_certificates_need_a_verified_session(
    request, client_for, role, volunteer, general_module
):
    certificate = complete_module(volunteer, general_module)
    client = client_for(request.getfixturevalue(role))
    url = f"/certificates/{certificate.code}/pdf/"
    assert client.get(url).status_code == 404
    verified(client, request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_modules_outside_the_audience_need_a_verified_session(
    client_for, trainer, caseworker_module
):
    client = client_for(trainer)
    # A trainer reviews every module, but only with a code; with a password alone the
    # caseworker module is locked, as it is for any learner outside its audience.
    assert client.get(caseworker_module.url).status_code == 403
    verified(client, trainer)
    assert client.get(caseworker_module.url).status_code == 200


def test_own_certificate_and_training_need_no_code(client_for, manager, general_module):
    certificate = complete_module(manager, general_module)
    client = client_for(manager)
    assert client.get(general_module.url).status_code == 200
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 200
