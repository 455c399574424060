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

# --- Caches and the API response cache -----------------------------------------------------
# Several servers share their caches through REDIS_URL (cms/shared_caches.py); without it the
# caches are files under CACHE_DIR, shared by this one server's processes only, so the API's
# response cache stays off: a publish on one server would leave another serving stale answers.
API_CACHE_ENABLED = env_bool("API_CACHE_ENABLED", bool(REDIS_URL))  # noqa: F405
if API_CACHE_ENABLED and not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "API_CACHE_ENABLED is on but REDIS_URL is not set: the API's response cache must be shared "
        "by every server. Set REDIS_URL (e.g. redis://redis:6379/0), or API_CACHE_ENABLED=false."
    )
if not REDIS_URL:  # noqa: F405
    # Nor are the pages hidden by view restrictions kept (one query per request): a restriction
    # set through one server hides the page on every other at once.
    CACHES["api"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405

# --- Background tasks and publish notifications (webhooks) ---------------------------------
# Work is queued in the database and run by `manage.py db_worker`, so that publishing never
# waits for a webhook receiver and failed deliveries are retried later.
TASKS = tasks_setting("database")  # noqa: F405
if WEBHOOK_URLS and not WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured("WEBHOOK_SECRET must be set when WEBHOOK_URLS is.")
