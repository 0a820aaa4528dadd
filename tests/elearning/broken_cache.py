"""A cache backend whose server cannot be reached: every call raises, as a Redis outage would."""

from django.core.cache.backends.base import BaseCache


class UnreachableCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("The cache server cannot be reached.")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("The cache server cannot be reached.")

    def add(self, key, value, timeout=None, version=None):
        raise ConnectionError("The cache server cannot be reached.")

    def delete(self, key, version=None):
        raise ConnectionError("The cache server cannot be reached.")

    def clear(self):
        raise ConnectionError("The cache server cannot be reached.")
