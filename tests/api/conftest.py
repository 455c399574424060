import pytest

from django.core.cache import caches

from cluster.delivery import cache_version


@pytest.fixture
def api_cache(settings, db):
    """The API response cache on, and empty before and after the test."""
    settings.API_CACHE_ENABLED = True
    caches[cache_version.CACHE_ALIAS].clear()
    yield
    caches[cache_version.CACHE_ALIAS].clear()
