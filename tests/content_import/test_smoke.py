import pytest

from cluster.models import CityPage


@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_seed_is_loaded(db, language):
    assert CityPage.objects.live().filter(locale__language_code=language).count() == 17
