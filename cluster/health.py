"""Health checks for load balancers and orchestrators: `GET /healthz/` (readiness) and
`GET /healthz/live/` (liveness).

`/healthz/` runs four quick checks and answers JSON naming each, with how long it took::

    {"status": "ok",
     "checks": {"database": {"status": "ok", "ms": 0.4},
                "cache": {"status": "ok", "ms": 0.3, "caches": ["default", "api"]},
                "storage": {"status": "ok", "ms": 0.1},
                "task_queue": {"status": "ok", "ms": 0.6, "pending": 0, "oldest_seconds": 0}}}

- `database`: a `SELECT 1` (PostgreSQL's connect_timeout bounds a database that does not answer);
- `cache`: a value written to and read back from each shared cache (cms/shared_caches.py);
- `storage`: the media storage answers (a file's existence asked; on the local disk, the media
  directory exists and is writable);
- `task_queue`: with the database task backend, the tasks waiting for a worker and how long the
  oldest has waited; `failed` beyond HEALTH_MAX_QUEUE_AGE seconds (no worker is running).

A failed database or storage makes the answer a 503 (`"status": "failed"`): this server cannot
serve. A failed cache or task queue makes it `"degraded"` with a 200: every server shares them, and
every endpoint still answers without them (from the database; tasks wait), so taking every
server out of the load balancer would turn a slower site into none; the JSON says what failed.

`/healthz/live/` checks nothing and answers `{"status": "ok"}` as long as the process serves
requests: for a liveness probe, which restarts a process, not for a database outage.

Both are answered by `HealthCheckMiddleware`, first in MIDDLEWARE: before the host check (a load
balancer probes by address), the HTTPS redirect, sessions, the language prefix and every cache;
never cached (`Cache-Control: no-store`), no login.
"""

import os
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.utils import timezone

READINESS_PATHS = {"/healthz", "/healthz/"}
LIVENESS_PATHS = {"/healthz/live", "/healthz/live/"}
DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"
STORAGE_PROBE = "healthz-probe"  # a name nothing is stored under: asking for it costs one lookup
CACHE_PROBE_KEY = "healthz-probe"
OK, DEGRADED, FAILED = "ok", "degraded", "failed"
REQUIRED = {"database", "storage"}  # without them this server cannot serve


class CheckFailed(Exception):
    """A check's own finding (not an exception of the service it asked)."""


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path_info in READINESS_PATHS:
                return no_store(readiness())
            if request.path_info in LIVENESS_PATHS:
                return no_store(JsonResponse({"status": OK}))
        return self.get_response(request)


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def readiness():
    checks = {
        "database": timed(check_database),
        "cache": timed(check_caches),
        "storage": timed(check_storage),
        "task_queue": timed(check_task_queue),
    }
    failed = {name for name, result in checks.items() if result["status"] == FAILED}
    if failed & REQUIRED:
        status, http_status = FAILED, 503
    else:
        status, http_status = (DEGRADED if failed else OK), 200
    return JsonResponse({"status": status, "checks": checks}, status=http_status)


def timed(check):
    """`check()`'s details with `status` and `ms`; `failed` with the error's type if it raised."""
    started = time.perf_counter()
    try:
        result = {"status": OK, **(check() or {})}
    except Exception as error:  # noqa: BLE001 (a health check reports every failure)
        result = {"status": FAILED, "error": str(error) if isinstance(error, CheckFailed) else ""}
        result["error"] = result["error"] or type(error).__name__
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_caches():
    """Each shared cache keeps a value and gives it back. The backend for Redis answers as an
    empty cache while Redis is down (cluster/delivery/redis_cache.py): nothing is read back."""
    checked = []
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, DummyCache):  # keeps nothing on purpose (production without Redis)
            continue
        token = secrets.token_hex(8)
        cache.set(CACHE_PROBE_KEY, token, timeout=60)
        if cache.get(CACHE_PROBE_KEY) != token:
            raise CheckFailed(f"the {alias!r} cache did not keep a value")
        checked.append(alias)
    return {"caches": checked}


def check_storage():
    default_storage.exists(STORAGE_PROBE)
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        if not (os.path.isdir(location) and os.access(location, os.W_OK)):
            raise CheckFailed("the media directory is missing or not writable")


def check_task_queue():
    """Tasks ready to run and the age of the oldest (since it was queued, or since its retry
    became due), for the database task backend; nothing to check for the others."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASK_BACKEND:
        return {"backend": settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    never_delayed = Q(run_after=get_date_max())
    found = DBTaskResult.objects.ready().aggregate(
        oldest_queued=Min("enqueued_at", filter=never_delayed),
        oldest_due=Min("run_after", filter=~never_delayed),
        pending=Count("id"),
    )
    waiting_since = [t for t in (found["oldest_queued"], found["oldest_due"]) if t is not None]
    oldest = round((now - min(waiting_since)).total_seconds()) if waiting_since else 0
    details = {"pending": found["pending"], "oldest_seconds": max(oldest, 0)}
    if oldest > settings.HEALTH_MAX_QUEUE_AGE:
        raise CheckFailed(
            f"{found['pending']} tasks waiting, the oldest for {oldest} s: is a worker running?"
        )
    return details
