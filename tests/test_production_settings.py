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
    settings module or secret key (pytest-django sets the former), plus the settings production
    requires and `environment`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
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
