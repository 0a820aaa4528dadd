"""
System checks: production refuses to start with throttles that each worker keeps to itself.

A limit counted in one worker's memory is a limit per worker: behind gunicorn's two workers, or
two servers, an attacker gets two or more times the guesses. Where ``THROTTLES_MUST_BE_SHARED`` is
true (production), ``manage.py check`` (and ``migrate``, ``runserver``) stop with an error when

* ``elearning.E001``: the sign-in throttle (django-axes) keeps its counts in a cache that lives in
  one process, instead of in the database (``elearning.throttle.AccountOrAddressHandler``, the
  default) or a shared cache;
* ``elearning.E002``: the cache that holds the other rate limits (certificate checks,
  :mod:`elearning.ratelimit`) lives in one process: set ``REDIS_URL``.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

#: Cache backends whose contents one process alone sees.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _cache_is_per_process(alias):
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    return backend in PER_PROCESS_CACHES


def _axes_uses_database():
    from axes.handlers.database import AxesDatabaseHandler

    handler = import_string(settings.AXES_HANDLER)
    return isinstance(handler, type) and issubclass(handler, AxesDatabaseHandler)


@register(Tags.security)
def throttles_are_shared(app_configs=None, **kwargs):
    """Errors for every throttle that would be counted per process (see the module docstring)."""
    if not getattr(settings, "THROTTLES_MUST_BE_SHARED", False):
        return []
    errors = []
    axes_cache = getattr(settings, "AXES_CACHE", "default")
    if not _axes_uses_database() and _cache_is_per_process(axes_cache):
        errors.append(
            Error(
                "The sign-in throttle counts failures in a cache that each worker keeps to "
                "itself, so every worker multiplies the limits.",
                hint="Keep AXES_HANDLER = 'elearning.throttle.AccountOrAddressHandler' "
                "(counts in the database) or point AXES_CACHE at Redis (REDIS_URL).",
                id="elearning.E001",
            )
        )
    if _cache_is_per_process("default"):
        errors.append(
            Error(
                "Rate limits (certificate checks) are counted in a cache that each worker "
                "keeps to itself, so every worker multiplies the limits.",
                hint="Set REDIS_URL so that every worker shares one cache.",
                id="elearning.E002",
            )
        )
    return errors
