"""The `CACHES` setting: caches every process of an installation shares.

Two caches, `default` (Wagtail's sites' root paths, renditions, the admin) and `api` (the API's
answers, the pages hidden by view restrictions, the collections whose media are hidden, and the
one version they are kept under: cluster/delivery/cache_version.py). A change made in any
process (a publish in the admin, an import, `manage.py shell`, the task worker) replaces what
they hold for every process, so neither may be a process's own memory:

- with `REDIS_URL`, both live in that Redis (`FallbackRedisCache`, which answers as an empty
  cache while Redis is down): several servers share it;
- without it (the embedded default, or production on one server), both are files under
  `CACHE_DIR`, shared by the processes of this machine. Files rather than Django's database
  cache: a cache write on SQLite would wait for the database's single writer lock, held for a
  whole import, and a file cache, like Redis, is outside the content's transactions, which is
  what the version's invalidation is written for. Nothing to create or migrate.
"""

from pathlib import Path

FILE_CACHE_MAX_ENTRIES = 5000  # per cache; beyond it a third of the files is dropped


def redis_cache(redis_url, timeout, retry_after, **params):
    """A `CACHES` entry for the Redis at `redis_url`, e.g. with `KEY_PREFIX="api"`."""
    return {
        "BACKEND": "cluster.delivery.redis_cache.FallbackRedisCache",
        "LOCATION": redis_url,
        "OPTIONS": {
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "retry_after": retry_after,
        },
        **params,
    }


def file_cache(directory):
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(directory),
        "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES},
    }


def shared_caches(redis_url, cache_dir, redis_timeout, redis_retry_after):
    """`{"default": ..., "api": ...}` on Redis if `redis_url`, else in files under `cache_dir`."""
    if redis_url:
        return {
            "default": redis_cache(redis_url, redis_timeout, redis_retry_after),
            "api": redis_cache(redis_url, redis_timeout, redis_retry_after, KEY_PREFIX="api"),
        }
    cache_dir = Path(cache_dir)
    return {"default": file_cache(cache_dir / "default"), "api": file_cache(cache_dir / "api")}
