"""The cache backend for Redis (`CACHES`, when `REDIS_URL` is set): Django's `RedisCache`, except
that while Redis cannot be reached it behaves as an empty cache that keeps nothing, so that
every caller (the API's response cache, site and view-restriction lookups, Wagtail's site root
paths, renditions and locale names, the admin) reads the database instead of failing.

- A command waits at most `socket_timeout` / `socket_connect_timeout` (OPTIONS; settings
  `REDIS_TIMEOUT`, 0.25 s), not redis-py's 5 s.
- After a failure the backend rests for `retry_after` seconds (OPTIONS; `REDIS_RETRY_AFTER`):
  reads are misses and writes are dropped without asking Redis, so a Redis that accepts
  connections and never answers costs a process one timeout per interval, not one per call.
- A miss while Redis is down is only a miss: nothing is stored, and the API's version checks
  (cluster/delivery/caching.py, visibility.py) store nothing read under an unknown version.
- Deletes are how changes are invalidated (the API cache's version, a site's lookup, Wagtail's
  root paths): a delete is always tried, even while resting, and one that fails is remembered
  and made before anything else once Redis answers again, so that entries written before an
  outage are not served after it.
- Redis being unreachable is logged as one warning, repeated at most once a minute while it
  lasts, and its return as one info line: a burst of requests logs once, not per request.

Only Redis being unusable counts (`UNREACHABLE`: a refused, broken or timed-out connection, a
read-only replica, a full memory); any other error (a wrong type, a missing permission) is
raised as before. `clear()` is not request work and raises too.
"""

import logging
import threading
import time
from functools import partial
from urllib.parse import urlsplit

import redis

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Redis cannot be used: refused, broken or timed-out connections (loading, too many clients and
# a failed login included), a replica that refuses writes during a failover, a full memory.
UNREACHABLE = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.ReadOnlyError,
    redis.exceptions.OutOfMemoryError,
)
DEFAULT_SOCKET_TIMEOUT = 0.25  # seconds; a local or same-network Redis answers in a millisecond
DEFAULT_RETRY_AFTER = 5.0  # seconds of answering without Redis after a failure
WARNING_INTERVAL = 60.0  # seconds between two warnings about the same outage
MAX_PENDING_DELETES = 10_000  # beyond this, the whole cache is cleared when Redis is back


class FallbackRedisCache(RedisCache):
    """`RedisCache` whose reads are misses and whose writes are no-ops while Redis cannot be
    reached (see the module docstring). Extra OPTIONS, not passed to redis-py: `retry_after`."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", options["socket_timeout"])
        super().__init__(server, {**params, "OPTIONS": options})
        self.reachability = reachability_of(server)

    # Reads: a miss.

    def get(self, key, default=None, version=None):
        return self.attempt(partial(super().get, key, default, version=version), default)

    def get_many(self, keys, version=None):
        return self.attempt(partial(super().get_many, keys, version=version), {})

    def has_key(self, key, version=None):
        return self.attempt(partial(super().has_key, key, version=version), False)

    def incr(self, key, delta=1, version=None):
        """As on an empty cache: a ValueError (the key is not there) while Redis is down."""
        result = self.attempt(partial(super().incr, key, delta, version=version), None)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    # Writes: nothing is kept (add: False, "not stored"; set_many: every key failed).

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().add, key, value, timeout, version=version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.attempt(partial(super().set, key, value, timeout, version=version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        operation = partial(super().set_many, data, timeout, version=version)
        return self.attempt(operation, list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(partial(super().touch, key, timeout, version=version), False)

    # Deletes: always tried; a failed one is made when Redis answers again.

    def delete(self, key, version=None):
        operation = partial(super().delete, key, version=version)
        return self.attempt(operation, False, deleting=[key], version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        operation = partial(super().delete_many, keys, version=version)
        self.attempt(operation, None, deleting=keys, version=version)

    def attempt(self, operation, fallback, *, deleting=None, version=None):
        """`operation()`, or `fallback` if Redis cannot be reached or is being rested."""
        reachability = self.reachability
        if deleting is None and reachability.resting():
            return fallback
        try:
            self.make_pending_deletes()
            result = operation()
        except UNREACHABLE as error:
            if deleting:
                version = self.version if version is None else version
                reachability.remember_deletes(self.key_prefix, version, deleting)
            reachability.failed(error, self.retry_after)
            return fallback
        reachability.answered()
        return result

    def make_pending_deletes(self):
        """Makes the deletes of this cache (its key prefix) that failed while Redis was down."""
        clear, pending = self.reachability.pending_deletes(self.key_prefix)
        if clear:
            super().clear()
        for version, keys in pending.items():
            super().delete_many(sorted(keys), version=version)
        self.reachability.deletes_made(self.key_prefix, clear, pending)


class Reachability:
    """Whether one Redis answers, as this process has seen it, and the deletes it owes it.

    This is per-process state on purpose: it describes this process's connection to Redis, and
    the deletes only this process knows it could not make; nothing else can hold them while
    Redis is down (the database is not the place for it). It holds no content. It is shared by
    the threads of the process (Django keeps one backend object per thread) and by the caches
    on the same Redis ("default" and "api"), hence the lock."""

    def __init__(self, description):
        self.description = description
        self.lock = threading.Lock()
        self.rest_until = 0.0
        self.down_since = None
        self.warned = False  # about the current outage
        self.last_warning = None
        self.deletes = {}  # (key prefix, version): {key, ...}
        self.clear_needed = False

    def resting(self):
        return time.monotonic() < self.rest_until

    def failed(self, error, retry_after):
        now = time.monotonic()
        with self.lock:
            self.rest_until = now + retry_after
            if self.down_since is None:
                self.down_since = now
            warn = self.last_warning is None or now - self.last_warning >= WARNING_INTERVAL
            if warn:
                self.last_warning, self.warned = now, True
        if warn:
            logger.warning(
                "Redis %s cannot be used (%s: %s); the caches on it answer as empty caches, "
                "retrying every %g s",
                self.description,
                type(error).__name__,
                error,
                retry_after,
            )

    def answered(self):
        if self.down_since is None:  # the usual case: no lock taken
            return
        with self.lock:
            down_since, warned = self.down_since, self.warned
            self.down_since, self.warned = None, False
        if down_since is not None and warned:
            logger.info(
                "Redis %s answers again after %.1f s",
                self.description,
                time.monotonic() - down_since,
            )

    def remember_deletes(self, key_prefix, version, keys):
        with self.lock:
            if self.clear_needed:
                return
            self.deletes.setdefault((key_prefix, version), set()).update(keys)
            if sum(map(len, self.deletes.values())) > MAX_PENDING_DELETES:
                self.deletes, self.clear_needed = {}, True

    def pending_deletes(self, key_prefix):
        """(clear the whole database?, {version: keys}) this process owes Redis for the cache
        with this key prefix."""
        if not (self.deletes or self.clear_needed):  # the usual case: no lock taken
            return False, {}
        with self.lock:
            pending = {
                version: set(keys)
                for (prefix, version), keys in self.deletes.items()
                if prefix == key_prefix
            }
            return self.clear_needed, pending

    def deletes_made(self, key_prefix, cleared, made):
        if not (cleared or made):
            return
        with self.lock:
            if cleared:  # a clear empties the database, every key prefix's keys with it
                self.deletes, self.clear_needed = {}, False
            for version, keys in made.items():
                remaining = self.deletes.pop((key_prefix, version), set()) - keys
                if remaining:
                    self.deletes[(key_prefix, version)] = remaining


_reachabilities = {}
_reachabilities_lock = threading.Lock()


def reachability_of(server):
    """The one `Reachability` of a Redis (as its servers are written) in this process."""
    servers = server if isinstance(server, str) else ",".join(server)
    with _reachabilities_lock:
        if servers not in _reachabilities:
            _reachabilities[servers] = Reachability(describe(servers))
        return _reachabilities[servers]


def describe(servers):
    """`127.0.0.1:6379/0`: host, port and database of each server, never a password."""
    parts = []
    for location in servers.replace(";", ",").split(","):
        url = urlsplit(location)
        parts.append(f"{url.hostname}:{url.port or 6379}{url.path or '/0'}")
    return ", ".join(parts)
