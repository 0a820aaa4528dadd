"""Authenticator-app codes for tests: the one an app shows now, and one it certainly does not.

A fixed "wrong" code such as 000000 is right for a random key about once in 300,000 tries
(django-otp accepts the codes one step either side of now), and CI met that once. So a test's
wrong code is chosen among codes no nearby time step produces.
"""

import time

from django_otp.oath import TOTP

#: Steps either side of now whose codes a wrong code must differ from (django-otp allows one;
#: the margin also covers the seconds a test takes).
NEARBY_STEPS = 3


def current_code(device):
    """The code the app for ``device`` shows now, as six digits with any leading zeros."""
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:06d}"


def codes_near_now(bin_key, *, step=30, t0=0, digits=6, drift=0):
    """Every code an app with ``bin_key`` shows within NEARBY_STEPS steps of now."""
    codes = set()
    for offset in range(-NEARBY_STEPS, NEARBY_STEPS + 1):
        totp = TOTP(bin_key, step, t0, digits, drift)
        totp.time = time.time() + offset * step
        codes.add(f"{totp.token():06d}")
    return codes


def _first_not_in(near):
    return next(code for code in ("000000", "123456", "999999", "314159") if code not in near)


def wrong_code_for_key(bin_key):
    """A six-digit code that no time step near now produces for ``bin_key``."""
    return _first_not_in(codes_near_now(bin_key))


def wrong_code(device):
    """A six-digit code ``device`` will refuse (see :func:`wrong_code_for_key`)."""
    device.refresh_from_db()
    near = codes_near_now(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return _first_not_in(near)
