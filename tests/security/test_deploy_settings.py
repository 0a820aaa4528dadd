"""Production settings: HTTPS-only cookies, HSTS, framing refused, two-step sign-in on."""

import pytest

from tests.elearning.test_production_settings import PRODUCTION_ENV, manage


def production_values(*names, env=PRODUCTION_ENV):
    code = "from django.conf import settings as s;" + "".join(
        f"print(repr(getattr(s, {name!r})));" for name in names
    )
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[: len(names)]


@pytest.mark.slow_subprocess
def test_production_defaults_are_the_safe_ones():
    names = [
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "REQUIRE_2FA_FOR_STAFF",
        "TRUST_X_FORWARDED_FOR",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    ]
    assert production_values(*names) == [
        "31536000",
        "True",
        "True",
        "True",
        "'DENY'",
        "True",
        "'same-origin'",
        "True",
        "False",
        "True",
    ]


@pytest.mark.slow_subprocess
def test_operators_can_tune_hsts_two_factor_and_proxy_trust():
    env = {
        **PRODUCTION_ENV,
        "SECURE_HSTS_SECONDS": "300",
        "SECURE_HSTS_PRELOAD": "false",
        "REQUIRE_2FA_FOR_STAFF": "false",
        "TRUST_X_FORWARDED_FOR": "true",
    }
    assert production_values(
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "REQUIRE_2FA_FOR_STAFF",
        "TRUST_X_FORWARDED_FOR",
        env=env,
    ) == ["300", "False", "False", "True"]


@pytest.mark.slow_subprocess
def test_production_refuses_to_start_with_throttles_in_each_workers_memory():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "elearning.E002" in result.stdout + result.stderr


def test_sign_in_throttle_kept_in_a_private_cache_is_refused(settings):
    from elearning.checks import throttles_are_shared

    settings.THROTTLES_MUST_BE_SHARED = True
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": ""}}
    assert throttles_are_shared() == []
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert {error.id for error in throttles_are_shared()} == {"elearning.E001", "elearning.E002"}
