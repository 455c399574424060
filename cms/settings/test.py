"""The test suite: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cities-cluster-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# A connection per request, as before kept connections: threads that serve requests in a test
# (stand-ins, live servers) would otherwise leave theirs open past the test database's removal.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# --- API response cache ---------------------------------------------------------------------
# Off for the suite: tests that count the queries of a request, or publish and read back, see
# the database. tests/delivery/test_caching.py turns it on (and clears it) for its own tests.
API_CACHE_ENABLED = False
# Local memory even when REDIS_URL is set: the Redis test picks a database of its own.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"},
}

# --- Outside services -------------------------------------------------------------------------
# A developer's shell must not leak into the suite: no webhook receivers, no machine translator,
# background work runs in the request. Tests that need them start a stand-in and override these.
TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}  # noqa: F405
WEBHOOK_URLS = []
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
FRONTEND_BASE_URL, FRONTEND_URLS = None, {}  # pages at the CMS's own address (golden files)
CORS_ALLOWED_ORIGINS = []
CORS_URLS_REGEX = r"(?!)"

# --- Logins ---------------------------------------------------------------------------------
# django-axes needs the request in `authenticate()`, which `client.login()` does not pass: tests
# log in with `force_login`, and the lockout tests (tests/test_logins.py) turn axes on.
AXES_ENABLED = False
