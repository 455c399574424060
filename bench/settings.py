"""The benchmark's settings (`make bench`, `python -m bench`): the project's base settings made
production-like (DEBUG off, quiet logs, persistent database connections) on the PostgreSQL
database the benchmark names in DATABASE_URL, served by gunicorn on 127.0.0.1. The URLconf adds
what the API is compared with (bench/server_urls.py). Never used by the product."""

import os

from cms.settings.base import *  # noqa: F403
from cms.settings.base import env_bool

SECRET_KEY = SECRET_KEY or "bench-only-key-never-served-beyond-loopback"  # noqa: F405
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.server_urls"
# The API serves no static files; WhiteNoise would only add a lookup per request.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# A production server keeps its connections: opening one per request would dominate the figures.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))  # noqa: F405
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://127.0.0.1"
# The response cache is on only for the servers that measure it (b with Redis, l with local
# memory); their environment says so.
API_CACHE_ENABLED = env_bool("API_CACHE_ENABLED", False)
if not REDIS_URL:  # noqa: F405
    # Not the product's files under CACHE_DIR: they would outlive the run and its database.
    CACHES = {  # noqa: F405
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "api": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"},
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
