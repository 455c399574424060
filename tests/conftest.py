"""The test database is migrated and loaded with the project's seed content once per run;
each test runs in a transaction that is rolled back, so it sees the seed and nothing else."""

from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.storage import default_storage

from tests.support.storage import stored_files

# The local S3 (`s3_stand_in`) is a fixture of every test that asks for it.
pytest_plugins = ["tests.support.s3_stand_in"]

CONTENT_DIR = Path(__file__).resolve().parent.parent / "cluster" / "content"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cluster.content_import.reading import read_content
    from cluster.content_import.writing import import_content
    from cluster.translation.permissions import ensure_groups
    from cluster.translation.po_import import import_translations, read_translation_files

    with django_db_blocker.unblock():
        import_content(read_content(CONTENT_DIR))
        import_translations(read_translation_files(CONTENT_DIR / "locale"))
        ensure_groups()


@pytest.fixture(autouse=True)
def fresh_process_caches():
    """Wagtail caches the sites' root paths, and the API the restricted pages' paths, the
    collections whose media anonymous requests may not see (both in the `api` cache) and each
    page's type (in the process: a page never changes type); a test that changes a site or a
    restriction rolls its change back but would leave the caches describing it, and SQLite gives
    the ids of pages rolled back to the next test's pages."""
    from wagtail.models import Site

    from cluster.api.page_views import PAGE_MODELS
    from cluster.delivery.cache_version import forget_everything

    Site.clear_site_root_paths_cache()
    forget_everything()  # the restricted pages' paths and hidden collections are kept under it
    PAGE_MODELS.clear()
    # Wagtail keeps renditions in the default cache by image id, and SQLite gives a rolled-back
    # image's id to the next test's image, which would find the old one's renditions there.
    caches["default"].clear()


@pytest.fixture
def content_dir():
    return CONTENT_DIR


@pytest.fixture
def media_files():
    """The stored files before the test; files the test leaves behind are deleted afterwards
    (the database is rolled back after each test, the storage is not)."""
    before = stored_files()
    yield before
    for name in stored_files() - before:
        default_storage.delete(name)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def api(client, db):
    """GET an API path and return (status, parsed JSON)."""

    def get(path, **params):
        response = client.get(f"/api/v2/{path}", params)
        return response.status_code, response.json()

    return get
