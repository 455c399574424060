"""Project-level checks that belong to the suite."""

import io

import pytest

from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_every_content_language_has_a_locale(db):
    from wagtail.models import Locale

    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "zh-hans", "es"}


def test_api_errors_are_json_not_redirects(client, db):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
