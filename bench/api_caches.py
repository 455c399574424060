"""The response cache as the benchmark runs it: in Redis (the production setup) at
BENCH_REDIS_URL, a database of its own that the benchmark empties before measuring (default
redis://127.0.0.1:6379/12), or in the worker's local memory.

The servers get it the way production does, from REDIS_URL and API_CACHE_ENABLED in their
environment (cms/settings/base.py builds the `api` cache from them); the in-process measurement
swaps the same `api` cache in with `override_settings`."""

import os

import redis

from django.conf import settings
from django.test import override_settings

REDIS_URL_VARIABLE = "BENCH_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
API_CACHE_ALIAS = "api"  # the alias cms/settings/base.py gives the response cache


def bench_redis_url():
    return os.environ.get(REDIS_URL_VARIABLE, DEFAULT_REDIS_URL)


def redis_available(url):
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def empty_redis(url):
    """Entries from an earlier run (another database, the same URLs) must not be answered."""
    redis.Redis.from_url(url).flushdb()


def server_environment(variant, redis_url):
    """The environment of the server for `variant`: the cache on in Redis (b), on in local
    memory (l), or off (every other variant)."""
    if variant == "b":
        return {"API_CACHE_ENABLED": "true", "REDIS_URL": redis_url}
    if variant == "l":
        return {"API_CACHE_ENABLED": "true", "REDIS_URL": ""}
    return {"API_CACHE_ENABLED": "false", "REDIS_URL": ""}


def cache_settings(variant, redis_url):
    """`override_settings` for `variant` in this process, as `server_environment` sets up a
    server."""
    if variant == "b":
        api = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        api["KEY_PREFIX"] = "api"
    elif variant == "l":
        api = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
    else:
        return override_settings(API_CACHE_ENABLED=False)
    caches = {**settings.CACHES, API_CACHE_ALIAS: api}
    return override_settings(API_CACHE_ENABLED=True, CACHES=caches)
