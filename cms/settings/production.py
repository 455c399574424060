"""Production: PostgreSQL from DATABASE_URL, secrets and hosts from the environment, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.secret_key import check_production_secret_key

from .base import *  # noqa: F403
from .base import env_bool

check_production_secret_key(SECRET_KEY)  # noqa: F405
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in the environment for production.")

# The absolute URLs the API hands out (media, `detail_url`) and the admin's links start with
# these; the development default (http://127.0.0.1:8000) would send every frontend there.
for name in ("WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"):
    if not os.environ.get(name, "").strip():
        raise ImproperlyConfigured(
            f"{name} must be set in the environment for production: the public address of "
            "this CMS, e.g. https://cms.example.org (see docs/deployment.md)."
        )
WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"].strip().rstrip("/")
WAGTAILAPI_BASE_URL = os.environ["WAGTAILAPI_BASE_URL"].strip().rstrip("/")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

if REDIS_URL:  # noqa: F405
    CACHES["default"] = redis_cache()  # noqa: F405 (the "api" cache is set in base.py)

# --- API response cache ---------------------------------------------------------------------
# Invalidation reaches only the processes sharing the cache: with several workers each holding
# its own memory, a publish would leave the others serving stale answers. So without Redis the
# API cache is off unless API_CACHE_ENABLED=true says the server runs one process.
API_CACHE_ENABLED = env_bool("API_CACHE_ENABLED", bool(REDIS_URL))  # noqa: F405

# --- Background tasks and publish notifications (webhooks) ---------------------------------
# Work is queued in the database and run by `manage.py db_worker`, so that publishing never
# waits for a webhook receiver and failed deliveries are retried later.
TASKS = tasks_setting("database")  # noqa: F405
if WEBHOOK_URLS and not WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured("WEBHOOK_SECRET must be set when WEBHOOK_URLS is.")
