"""What production refuses to start without, and how it keeps its database connections. Each
case starts a fresh interpreter: settings are read once per process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgres://cms@db.example.org:5432/cms",
    "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
    "WAGTAILAPI_BASE_URL": "https://api.example.org/",
}
SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps([s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL, "
    "db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS']]))"
)


def run_production(code, without=(), **environment):
    """Python `code` in the repository under the production settings, with this shell's
    environment less what could change them, plus PRODUCTION_ENVIRONMENT and `environment`,
    less the names in `without`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {*PRODUCTION_ENVIRONMENT, "DEBUG", "CONN_MAX_AGE"}
    }
    env |= PRODUCTION_ENVIRONMENT | environment
    for name in without:
        env.pop(name)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("name", ["WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"])
@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_production_refuses_to_start_without_its_public_addresses(name, value):
    if value is None:
        result = run_production("import cms.wsgi", without=[name])
    else:
        result = run_production("import cms.wsgi", **{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be set in the environment for production" in result.stderr


def test_production_takes_its_addresses_and_keeps_health_checked_connections():
    result = run_production(SHOW_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "https://cms.example.org",
        "https://api.example.org",  # no trailing slash: paths are appended to it
        60,
        True,
    ]


def test_how_long_connections_are_kept_is_read_from_conn_max_age():
    result = run_production(SHOW_SETTINGS, CONN_MAX_AGE="0")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[2:] == [0, True]


def test_an_unknown_log_format_is_refused():
    result = run_production("import cms.wsgi", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr
