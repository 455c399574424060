"""The test database is migrated and loaded with the project's seed content once per run;
each test runs in a transaction that is rolled back, so it sees the seed and nothing else."""

from pathlib import Path

import pytest

CONTENT_DIR = Path(__file__).resolve().parent.parent / "cluster" / "content"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cluster.permissions import ensure_groups
    from cluster.pipeline.importing import import_content
    from cluster.pipeline.reading import read_content
    from cluster.pipeline.translations import import_translations, read_translation_files

    with django_db_blocker.unblock():
        import_content(read_content(CONTENT_DIR))
        import_translations(read_translation_files(CONTENT_DIR / "locale"))
        ensure_groups()


@pytest.fixture
def content_dir():
    return CONTENT_DIR


@pytest.fixture
def api(client, db):
    """GET an API path and return (status, parsed JSON)."""

    def get(path, **params):
        response = client.get(f"/api/v2/{path}", params)
        return response.status_code, response.json()

    return get
