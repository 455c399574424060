"""Production is the default of every entry point and refuses a secret key anyone could know.
Each case starts a fresh interpreter: settings are read once per process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from cms.secret_key import DEVELOPMENT_SECRET_KEY

REPO_ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(50)
PRINT_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def run(*args, **environment):
    """Run python with `args` in the repository, with this shell's environment minus any
    settings module, secret key or cache setting (pytest-django sets the first), plus the
    settings production requires and `environment`."""
    dropped = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "REDIS_URL", "API_CACHE_ENABLED"}
    env = {key: value for key, value in os.environ.items() if key not in dropped | {"CACHE_DIR"}}
    env |= {
        "DATABASE_URL": "sqlite:////nonexistent/production.sqlite3",
        "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
        "WAGTAILAPI_BASE_URL": "https://cms.example.org",
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("key", "refusal"),
    [
        (None, "SECRET_KEY must be set"),
        ("", "SECRET_KEY must be set"),
        ("x" * 49, "at least 50 characters long (it has 49)"),
        (DEVELOPMENT_SECRET_KEY, "published development key"),
        ("django-insecure-" + GOOD_KEY, "published development key"),
        ("ab" * 30, "at least 5 different characters"),
    ],
)
def test_production_refuses_a_missing_short_or_known_secret_key(key, refusal):
    environment = {} if key is None else {"SECRET_KEY": key}

    result = run("-c", "import cms.settings.production", **environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert refusal in result.stderr
    assert "make run" in result.stderr  # the way to develop instead


@pytest.mark.parametrize("entry_point", ["cms.wsgi", "cms.asgi"])
def test_the_server_entry_points_load_production_settings_by_default(entry_point):
    result = run("-c", f"import {entry_point}; {PRINT_SETTINGS}", SECRET_KEY=GOOD_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cms.settings.production", "False"]


def test_the_server_entry_point_without_a_secret_key_does_not_start():
    result = run("-c", "import cms.wsgi")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_checks():
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level=WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="cms.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_are_only_taken_when_named():
    result = run(
        "-c",
        f"import django; django.setup(); {PRINT_SETTINGS}",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )

    assert result.stdout.split() == ["cms.settings.dev", "True"]


PRINT_CACHES = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.API_CACHE_ENABLED, settings.CACHES['default']['BACKEND'], "
    "settings.CACHES['api']['BACKEND'])"
)


def test_production_refuses_the_api_cache_without_a_redis_every_server_shares():
    result = run(
        "-c", "import cms.settings.production", SECRET_KEY=GOOD_KEY, API_CACHE_ENABLED="true"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "API_CACHE_ENABLED is on but REDIS_URL is not set" in result.stderr


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (
            {"REDIS_URL": "redis://redis:6379/0"},
            "True cluster.delivery.redis_cache.FallbackRedisCache "
            "cluster.delivery.redis_cache.FallbackRedisCache",
        ),
        # One server's processes share files; nothing about content is kept between requests.
        (
            {},
            "False django.core.cache.backends.filebased.FileBasedCache "
            "django.core.cache.backends.dummy.DummyCache",
        ),
    ],
)
def test_production_caches_are_shared_by_every_process(environment, expected):
    result = run(
        "-c",
        PRINT_CACHES,
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        **environment,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_the_embedded_default_keeps_its_caches_in_files_under_the_project():
    result = run(
        "-c",
        PRINT_CACHES + "; print(settings.CACHES['api']['LOCATION'])",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )

    assert result.returncode == 0, result.stderr
    backends, location = result.stdout.strip().splitlines()
    assert backends == (
        "True django.core.cache.backends.filebased.FileBasedCache "
        "django.core.cache.backends.filebased.FileBasedCache"
    )
    assert location == str(REPO_ROOT / "var" / "cache" / "api")
