"""Settings shared by every environment. Anything that differs between machines is read from the
environment; see docs/settings.md."""

import os
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.error_reporting import start_error_reporting
from cms.log_format import logging_setting
from cms.media_storage import media_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "cluster",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "django_tasks",
    "django_tasks_db",
    "wagtail_headless_preview",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: /healthz/ answers before the host check and the HTTPS redirect (cluster/health.py).
    "cluster.health.HealthCheckMiddleware",
    "cms.request_id.RequestIdMiddleware",  # every answer and log line gets the request id
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # below WhiteNoise: static files come pre-compressed
    # Above sessions and authentication: a cache hit for an anonymous API GET needs neither.
    "cluster.delivery.caching.CachedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Connections kept CONN_MAX_AGE seconds, checked before reuse (docs/deployment.md).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL that does not answer fails the request after DATABASE_CONNECT_TIMEOUT seconds (the
# API answers 503: cluster/api/errors.py) instead of hanging it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source; Simplified Chinese and Spanish are translations.
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("es", _("Spanish")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
# Media: objects in the bucket AWS_STORAGE_BUCKET_NAME (S3, MinIO ...) when set, else files under
# MEDIA_ROOT that this one server serves at MEDIA_URL (cms/media_storage.py, docs/deployment.md).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES, MEDIA_URL = media_storages(os.environ, os.environ.get("MEDIA_URL", "/media/"))

WAGTAIL_SITE_NAME = "Cities Cluster CMS"
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through Wagtail's privacy checks, never a bucket URL
# Wagtail's database backend, with the admin's searches segmented like the API's (jieba for
# Chinese): see cluster/multilingual_search_backend.py.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cluster.multilingual_search_backend"}}

# The page API is the frontend's contract: rich text is served as HTML with links expanded.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
API_ROUTER = "cms.api.api_router"  # cluster/api/router.py: configured_router()
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# `?order=title` in each language's alphabetical order, by database (cluster/api/ordering.py):
# PostgreSQL's ICU collations (pinyin for Chinese). SQLite has none: code-point order.
API_ORDER_COLLATIONS = {
    "postgresql": {"en": "en-x-icu", "zh-hans": "zh-x-icu", "es": "es-x-icu"},
}

# Logs to stderr, as JSON lines with LOG_FORMAT=json (cms/log_format.py); errors to Sentry with
# SENTRY_DSN, SENTRY_ENVIRONMENT naming the installation (cms/error_reporting.py).
LOGGING = logging_setting(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "INFO"))
start_error_reporting(os.environ)

# --- Machine translation --------------------------------------------------------------------
# The translation editor's "Translate with ..." button and `manage.py machine_translate` use
# DeepL when DEEPL_API_KEY is set (free keys end in ":fx"; DEEPL_API_URL overrides the address,
# with the heritage glossary sent through its glossary API), else the LibreTranslate server at
# LIBRETRANSLATE_URL (with LIBRETRANSLATE_API_KEY if it needs one), else nothing: None hides
# the button. See cluster/translation/machine_translation.py.
from cluster.translation.machine_settings import machine_translator_setting  # noqa: E402

WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(os.environ)


# --- The frontend ---------------------------------------------------------------------------
# FRONTEND_BASE_URL (FRONTEND_URLS per language, "zh-hans=https://zh.example.org,..."): where the
# frontend serves pages: `meta.html_url`, the sitemap, "View live"; the CMS's own page URLs
# redirect there (unset: they answer a short page). FRONTEND_PREVIEW_URL(S): the admin's Preview
# opens the frontend with a short-lived token to read the draft from /api/v2/preview/ (no URL:
# no preview). See cluster/models/frontend_urls.py, cluster/delivery/preview.py, docs/api.md.


def env_language_urls(name):
    urls = {}
    for item in env_list(name):
        language, _sep, url = item.partition("=")
        if language.strip() not in dict(LANGUAGES) or not url.strip():
            raise ImproperlyConfigured(f"{name}: expected language=url, got {item!r}")
        urls[language.strip()] = url.strip()
    return urls


FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "").strip() or None
FRONTEND_URLS = env_language_urls("FRONTEND_URLS")
FRONTEND_PREVIEW_URL = os.environ.get("FRONTEND_PREVIEW_URL", "").strip() or None
FRONTEND_PREVIEW_URLS = env_language_urls("FRONTEND_PREVIEW_URLS")
# wagtail-headless-preview never checks a token's age (it deletes stored previews after a day).
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", "600"))
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": FRONTEND_PREVIEW_URL or ""},
    "REDIRECT_ON_PREVIEW": True,
    "ENFORCE_TRAILING_SLASH": False,
}


# --- Background tasks and publish notifications (webhooks) ---------------------------------
# Wagtail and the webhook deliveries run their background work through django-tasks.
# TASKS_BACKEND=immediate runs it in the request (dev and tests); =database queues it in the
# database for `manage.py db_worker` (production's default), which also lets failed deliveries
# be retried later instead of blocking the publisher. See cluster/delivery/webhooks.py.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_setting(default_backend):
    name = os.environ.get("TASKS_BACKEND", default_backend).strip().lower()
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


TASKS = tasks_setting("immediate")
# Queued > HEALTH_MAX_QUEUE_AGE: /healthz/ fails; running > TASK_STALE_AFTER: requeued (died).
TASK_STALE_AFTER = int(os.environ.get("TASK_STALE_AFTER", "900"))
HEALTH_MAX_QUEUE_AGE = int(os.environ.get("HEALTH_MAX_QUEUE_AGE", "300"))
WEBHOOK_URLS = env_list("WEBHOOK_URLS")
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "5"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "5"))
WEBHOOK_RETRY_DELAY = float(os.environ.get("WEBHOOK_RETRY_DELAY", "10"))
WEBHOOK_MAX_RETRY_DELAY = float(os.environ.get("WEBHOOK_MAX_RETRY_DELAY", "3600"))
WEBHOOK_LOG_DAYS = int(os.environ.get("WEBHOOK_LOG_DAYS", "30"))
# Seconds between two publish_scheduled runs of the scheduler (run_scheduled_jobs, Procfile).
SCHEDULED_JOBS_INTERVAL = int(os.environ.get("SCHEDULED_JOBS_INTERVAL", "60"))


# --- Embeds ---------------------------------------------------------------------------------
# BiliBili has no oEmbed endpoint: its player is built from the address, offline
# (cluster/embeds.py). Everything else (YouTube, Vimeo, ...) goes through oEmbed.
WAGTAILEMBEDS_FINDERS = [
    {"class": "cluster.embeds.BiliBiliFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]


# --- Caches shared by every process, and Redis outages ---------------------------------------
# The `default` and `api` caches are shared by every process (cms/shared_caches.py): in the
# Redis at REDIS_URL (several servers), else in files under CACHE_DIR (the processes of one
# machine: the embedded default). On Redis they use cluster.delivery.redis_cache's
# FallbackRedisCache: while Redis refuses connections or hangs, they answer as an empty cache and
# requests read the database. Each Redis command waits at most REDIS_TIMEOUT seconds; after a
# failure a process answers without Redis for REDIS_RETRY_AFTER seconds before trying again.
from cms.shared_caches import shared_caches  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
REDIS_RETRY_AFTER = float(os.environ.get("REDIS_RETRY_AFTER", "5"))
CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / "var" / "cache"))
CACHES = shared_caches(REDIS_URL, CACHE_DIR, REDIS_TIMEOUT, REDIS_RETRY_AFTER)


# --- API caching, CDN purge and CORS --------------------------------------------------------
# Every API GET answers with ETag and Cache-Control; anonymous answers are kept in the shared
# "api" cache and dropped exactly when content they show is published, unpublished, moved or
# deleted, in whichever process. With FRONTEND_CACHE_PURGE_URL, the same changes send PURGE
# requests for the API URLs (under WAGTAILAPI_BASE_URL) to that HTTP cache. See
# cluster/delivery/caching.py.
API_CACHE_ENABLED = env_bool("API_CACHE_ENABLED", True)
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "30"))
API_CACHE_TIMEOUT = int(os.environ.get("API_CACHE_TIMEOUT", "3600"))
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip()
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "api": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Cross-origin reads of the API by the frontends at FRONTEND_ORIGINS (comma-separated, e.g.
# "https://citiescluster.org,https://zh.citiescluster.org"); none, not even a Vary, when unset.
CORS_ALLOWED_ORIGINS = env_list("FRONTEND_ORIGINS")
CORS_URLS_REGEX = r"^/api/" if CORS_ALLOWED_ORIGINS else r"(?!)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag"]


# --- Limits on uploads, images and imports --------------------------------------------------
# Uploads: the admin refuses a document or an image file over MEDIA_MAX_UPLOAD_MB (Wagtail's
# own form checks; put the same cap on the request body in the reverse proxy, which stops an
# upload before Django has received it). Images: at most IMAGE_MAX_MEGAPIXELS million pixels
# (all frames counted). The API's renditions are made when an image is saved or a page or
# snippet showing it is published, one at a time, by the task worker; at the default of 40 Mpx
# a worker stays under 512 MiB for any allowed image (tests/cluster/test_image_limits.py), so
# raising it raises that peak (about 8 MB per megapixel). See cluster/renditions.py.
MEDIA_MAX_UPLOAD_MB = int(os.environ.get("MEDIA_MAX_UPLOAD_MB", "50"))
WAGTAILDOCS_MAX_UPLOAD_SIZE = WAGTAILIMAGES_MAX_UPLOAD_SIZE = MEDIA_MAX_UPLOAD_MB * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "40")) * 1_000_000
# `import_content` refuses, before parsing anything, a content file over IMPORT_MAX_FILE_BYTES
# and a directory of more than IMPORT_MAX_OBJECTS objects (files, and entries of topics.yaml).
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(1024 * 1024)))
IMPORT_MAX_OBJECTS = int(os.environ.get("IMPORT_MAX_OBJECTS", "20000"))


# --- Logins: lockout, API authentication, two-factor, Content-Security-Policy ---------------
# Failed logins are counted by django-axes: AXES_FAILURE_LIMIT failures (default 5) from one
# address for one user name lock that pair out for AXES_COOLOFF_MINUTES (default 15; 0: until
# `manage.py axes_reset` or `axes_reset_username NAME`), with a 429. AXES_LOCKOUT_PARAMETERS
# changes what is counted together (cms/logins.py). The address is the connection's; behind
# TRUSTED_PROXY_COUNT reverse proxies (default 0) it is read from X-Forwarded-For.
from datetime import timedelta  # noqa: E402

from cms.logins import lockout_parameters  # noqa: E402

INSTALLED_APPS += ["axes", "csp"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before hashing
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes requires
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))) or None
AXES_LOCKOUT_PARAMETERS = lockout_parameters(
    os.environ.get("AXES_LOCKOUT_PARAMETERS", "username+ip_address")
)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.logins.client_ip_address"

# The API is read-only and anonymous; its only logins are the admin's session (a logged-in
# editor, a session given a page's password). DRF's default would also take HTTP Basic
# passwords: unthrottled password guessing at the cost of a hash each.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
]

# Two-factor login (cluster/two_factor.py, on django-otp): WAGTAIL_2FA_REQUIRED=true asks
# everyone with admin access for a code from an authenticator app after the password; a user
# without a device sets one up at their next request. Off (the default) nothing asks for one.
WAGTAIL_2FA_REQUIRED = env_bool("WAGTAIL_2FA_REQUIRED", False)
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "cluster.two_factor.TwoFactorRequiredMiddleware",
)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show

# Content-Security-Policy (django-csp) on every answer: the admin's below, the API's JSON
# `default-src 'none'` (cms/content_security_policy.py). Wagtail 8's admin still writes inline
# <script> elements without a nonce (inline panels, date pickers, wagtail-localize's editor)
# and inline styles, so both need 'unsafe-inline': the policy cannot stop an injected inline
# script, but it keeps scripts, styles, fonts and fetches to this origin, forms posting here,
# no plugins, no <base> rewriting and no framing by other sites. Added by themselves: the
# origins of an absolute STATIC_URL (scripts, styles, fonts) and of the frontend's preview
# routes (the preview panel frames them); media served from another origin (a CDN, S3) is
# listed in CSP_MEDIA_ORIGINS (default: the origin of MEDIA_URL if it is absolute).
from cms.admin_policy import admin_policy, url_origins  # noqa: E402

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cms.content_security_policy.ContentSecurityPolicyMiddleware",
)
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", ",".join(url_origins(MEDIA_URL)))
CONTENT_SECURITY_POLICY = admin_policy(
    media_origins=CSP_MEDIA_ORIGINS,
    static_origins=url_origins(STATIC_URL),
    preview_origins=url_origins(FRONTEND_PREVIEW_URL, *FRONTEND_PREVIEW_URLS.values()),
)
# Avatars: no editor's e-mail hash goes to gravatar.com (and the policy would block the image).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
