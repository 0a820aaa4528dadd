"""
The caches production keeps in Redis, shaped so that Redis failing never fails a request.

:func:`redis_caches` is what ``production.py`` sets when ``REDIS_URL`` is given, and what the
resilience tests set with Redis at a closed port or behind a proxy that drops it:

``default``
    Learner page copies and anything else kept only to save work. django-redis logs an error
    (logger ``elearning.cache``) and reads it as a miss (``IGNORE_EXCEPTIONS``), and every call
    waits at most ``timeout`` seconds, so an outage costs time, never an answer.
``rate_limits``
    The same Redis for :mod:`elearning.ratelimit`, which must *see* an error to count in the
    database instead: errors are raised here.
``learner_pages_local``
    A few hundred page copies in each worker's memory, in front of Redis.

Not in Redis, on purpose: sessions and freshness stamps (both read with one statement from
the database). A session or stamp that Redis failed to replace during an outage would be read
back once it answers again: a learner still signed in after signing out, a question page from
before the answer was saved, every re-save refused as "changed in another tab".
"""

#: Settings django-redis reads globally: log each error it turns into a miss, under this name.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "elearning.cache"


def redis_caches(url, *, timeout=0.5):
    """``CACHES`` for a Redis at ``url`` that fails soft (see the module docstring)."""
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": timeout,
        "SOCKET_TIMEOUT": timeout,
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
        "rate_limits": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": options,
        },
        "learner_pages_local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "learner-pages",
            "OPTIONS": {"MAX_ENTRIES": 300},
        },
    }


#: The aliases the project's code uses with :func:`redis_caches`.
REDIS_CACHE_ALIASES = {
    "RATELIMIT_CACHE_ALIAS": "rate_limits",
    "LEARNER_PAGE_CACHE_LOCAL_ALIAS": "learner_pages_local",
    "FRESHNESS_STAMP_CACHE_ALIAS": None,
}
