"""
Settings for the organisation load test (``benchmarks/organisation_load.py``).

The HTTP benchmark's settings (production plus the bare view) and one change: passwords are
hashed with MD5, so 200 learners signing in measure the site, not PBKDF2's deliberate slowness.
Only the benchmark's own made-up accounts are given passwords with it.
"""

from benchmarks.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
