"""The stock way of importing (bench/stock_import.py) makes what the pipeline makes, through
Wagtail's and wagtail-localize's documented calls, and its timed sample leaves nothing behind."""

from pathlib import Path

import pytest

from wagtail.models import Locale

from bench.stock_import import create_translate_publish, stock_import_rate
from cluster.models import CityPage

SEED_CONTENT = Path(__file__).resolve().parents[2] / "cluster" / "content"


@pytest.mark.django_db
def test_the_stock_way_makes_a_live_city_and_its_live_translations_from_the_po_files():
    luoyang = CityPage.objects.get(locale__language_code="en", slug="luoyang")
    locales = list(Locale.objects.filter(language_code__in=["es", "zh-hans"]))

    made = create_translate_publish(luoyang, "luoyang-again", locales, SEED_CONTENT)

    again = CityPage.objects.get(locale__language_code="en", slug="luoyang-again")
    assert made == 3 and again.live
    assert [(b["type"], b["value"]) for b in again.body.raw_data] == [
        (b["type"], b["value"]) for b in luoyang.body.raw_data
    ]
    assert [link.topic_id for link in again.topic_links.all()] == [
        link.topic_id for link in luoyang.topic_links.all()
    ]
    for locale in locales:
        translated, seed_translation = (
            again.get_translation(locale),
            luoyang.get_translation(locale),
        )
        assert translated.live and translated.live_revision_id == translated.latest_revision_id
        assert (translated.title, translated.summary) == (
            seed_translation.title,
            seed_translation.summary,
        )


@pytest.mark.django_db
def test_the_stock_sample_is_timed_and_rolled_back():
    before = CityPage.objects.count()

    rate = stock_import_rate(SEED_CONTENT, 2)

    assert rate["pages"] == 6 and rate["pages_per_second"] > 0
    assert CityPage.objects.count() == before
