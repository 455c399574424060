"""A translation import knows which translations and translation sources are missing without
asking for each object (cluster/pipeline/known_rows.py), and sees those created while it runs."""

import pytest

from wagtail_localize.models import TranslationSource

from cluster.models import CityPage, NewsItem
from cluster.pipeline import known_rows
from cluster.pipeline.known_rows import rows_known, source_or_none, translation_or_none
from tests.seed import english, locale

pytestmark = pytest.mark.django_db


def without_spanish_translation_and_sources(instance):
    spanish = locale("es")
    instance.get_translation(spanish).delete()
    TranslationSource.objects.filter(object_id=instance.translation_key).delete()
    return instance


def test_a_missing_translation_and_source_are_known_without_a_query(django_assert_num_queries):
    luoyang = without_spanish_translation_and_sources(english(CityPage, slug="luoyang"))
    news = without_spanish_translation_and_sources(
        english(NewsItem, slug=NewsItem.objects.first().slug)
    )
    spanish = locale("es")

    with rows_known([luoyang, news], [spanish]), django_assert_num_queries(0):
        assert translation_or_none(luoyang, spanish) is None
        assert translation_or_none(news, spanish) is None
        assert source_or_none(luoyang) is None


def test_existing_translations_and_sources_are_read(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(known_rows, "CHUNK", 1)  # one key per query
    luoyang, anyang = english(CityPage, slug="luoyang"), english(CityPage, slug="anyang")
    spanish, chinese = locale("es"), locale("zh-hans")

    expected = [luoyang.get_translation(spanish), anyang.get_translation(chinese)]

    with rows_known([luoyang, anyang], [spanish, chinese]):
        with django_assert_num_queries(2):
            found = [translation_or_none(luoyang, spanish), translation_or_none(anyang, chinese)]
        assert found == expected
        assert source_or_none(anyang) == TranslationSource.objects.get(
            object_id=anyang.translation_key, locale=anyang.locale
        )


def test_translations_and_sources_created_during_the_import_are_seen():
    luoyang = without_spanish_translation_and_sources(english(CityPage, slug="luoyang"))
    spanish = locale("es")

    with rows_known([luoyang], [spanish]):
        source, _created = TranslationSource.get_or_create_from_instance(luoyang)
        translation = luoyang.copy_for_translation(spanish)  # Wagtail's own, saved

        assert source_or_none(luoyang) == source
        assert translation_or_none(luoyang, spanish) == translation
