from cluster.models import CityPage


def test_seed_is_loaded(db):
    assert CityPage.objects.live().count() == 17
