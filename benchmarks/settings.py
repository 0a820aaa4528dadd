"""
Settings for the HTTP benchmark (``benchmarks/http_load.py``): production, plus four changes.

Everything else comes from ``elearning.settings.production`` and the environment, exactly as on
a real server (DEBUG off, ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``, whitenoise with the
manifest of collected static files). Only what a benchmark needs differs:

* ``ROOT_URLCONF`` is ``benchmarks.urls``: the site's URLs plus ``/bench/baseline/``, a bare
  Django view rendering a small template, so the same server answers the floor it is compared
  with;
* ``CERTIFICATE_VERIFY_RATE_LIMIT`` is lifted: one client looks up the same certificate
  thousands of times a second, which the real limit (20 lookups per 10 minutes) rightly refuses;
* ``THROTTLES_MUST_BE_SHARED`` is off: the SQLite run has no Redis, and its only cache-counted
  limit (certificate checks) is lifted anyway;
* ``STATIC_ROOT`` comes from ``BENCH_STATIC_ROOT`` so ``collectstatic`` writes into the
  benchmark's own directory, not the repository.
"""

import os

from elearning.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
CERTIFICATE_VERIFY_RATE_LIMIT = (1_000_000_000, 60)
THROTTLES_MUST_BE_SHARED = False
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
