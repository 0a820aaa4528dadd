"""The public check: every status, nothing private, 404 for unknown codes, a rate limit."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from certificates import services
from certificates.models import RevocationReason

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def check(code, client=None):
    return (client or Client()).get(f"/certificates/verify/{code}/")


def test_a_valid_certificate_shows_name_module_and_dates_to_anyone(certificate):
    response = check(certificate.code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "genuine and current" in html
    assert certificate.learner_name in html
    assert certificate.module_title in html
    assert certificate.expires_on.strftime("%-d %B %Y") in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_short_code_forgives_case_dashes_and_look_alike_letters(certificate):
    typed = certificate.short_code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    response = Client().get("/certificates/verify/", {"code": typed})
    assert response.status_code == 302
    assert response.url == f"/certificates/verify/{certificate.short_code}/"
    assert certificate.learner_name in check(certificate.short_code).content.decode()


def test_expiring_soon_and_expired(certificate):
    soon = certificate.expires_on - datetime.timedelta(days=10)
    with time_machine.travel(soon):
        assert "expires soon" in check(certificate.code).content.decode()
    with time_machine.travel(certificate.expires_on):
        html = check(certificate.code).content.decode()
    assert "has expired" in html


def test_revoked_shows_date_and_category_but_not_the_private_note(certificate, manager):
    services.revoke_certificate(
        certificate=certificate,
        by=manager,
        reason=RevocationReason.ISSUED_IN_ERROR,
        note="Confidential: completed on someone else's account",
    )
    html = check(certificate.code).content.decode()
    assert "has been revoked" in html
    assert "Issued in error" in html
    assert "Confidential" not in html
    assert manager.username not in html


def test_replaced_points_nowhere_private(certificate, manager):
    new = services.reissue_certificate(
        certificate=certificate, by=manager, learner_name="Ana P.", reason="Spelling"
    )
    html = check(certificate.code).content.decode()
    assert "replaced by a corrected one" in html
    assert new.code not in html
    assert "genuine and current" in check(new.code).content.decode()


def test_nothing_else_about_the_learner_is_shown(certificate):
    user = certificate.user
    user.email = "private.person@example.org"
    user.save()
    html = check(certificate.code).content.decode()
    assert "private.person" not in html
    assert f">{user.username}<" not in html


@pytest.mark.parametrize(
    "code",
    ["a" * 26, "ZZZZZ-ZZZZZ", "not-a-code", "x" * 300, "%00", '"><svg onload=alert(1)>'],
)
def test_unknown_or_malformed_codes_get_a_clear_404(code, certificate):
    response = check(code)
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()
    assert "<svg onload" not in response.content.decode()


def test_the_form_explains_a_malformed_code():
    response = Client().get("/certificates/verify/", {"code": "hello"})
    assert response.status_code == 200
    assert "does not look like a certificate code" in response.content.decode()


def test_lookups_are_rate_limited_per_client(certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = (5, 600)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        assert check(f"{'a' * 25}{chr(ord('a') + n)}", client).status_code == 404
    limited = check(certificate.code, client)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert certificate.learner_name not in limited.content.decode()
    # Another client is not affected.
    assert check(certificate.code, Client(REMOTE_ADDR="198.51.100.7")).status_code == 200
