"""A translation source the import creates (cluster/pipeline/sources.py) keeps the segments it
wrote, and the translations made from it read them from there: they must be what reading the
source back from the database gives."""

import json

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)

from cluster.models import CityPage, NewsItem
from cluster.pipeline.publishing import publish_new
from cluster.pipeline.sources import create_source, segments_for_translation
from cluster.pipeline.translations import store_strings, stored_rows
from tests.seed import english, locale, new_webinar

pytestmark = pytest.mark.django_db


def described(segments):
    """Segments as comparable tuples, by kind, path and order (wagtail-localize reads them from
    the database in no particular order)."""
    rows = []
    for segment in segments:
        if isinstance(segment, StringSegmentValue):
            payload = (segment.string.data, segment.attrs)
        elif isinstance(segment, TemplateSegmentValue):
            payload = (segment.format, segment.template, segment.string_count)
        elif isinstance(segment, RelatedObjectSegmentValue):
            payload = (segment.content_type.pk, str(segment.translation_key))
        else:
            assert isinstance(segment, OverridableSegmentValue)
            payload = json.dumps(segment.data, sort_keys=True)
        kind = next(k for k in SEGMENT_KINDS if isinstance(segment, k))
        rows.append((kind.__name__, segment.path, segment.order, payload))
    return sorted(rows, key=lambda row: row[:3])


SEGMENT_KINDS = [
    StringSegmentValue,
    TemplateSegmentValue,
    RelatedObjectSegmentValue,
    OverridableSegmentValue,
]


def new_source(instance):
    """A source created afresh for `instance` (its stored translations stay: they belong to its
    contexts, not to the source), as the import creates one."""
    TranslationSource.objects.filter(
        object_id=instance.translation_key, locale=instance.locale
    ).delete()
    source = create_source(instance)
    assert source.written_segments is not None
    return source


def read_back(source):
    return TranslationSource.objects.get(pk=source.pk)


@pytest.mark.parametrize("language", ["es", "zh-hans"])
def test_a_new_city_sources_segments_are_the_stored_ones(language):
    source = new_source(english(CityPage, slug="luoyang"))

    from_memory = described(segments_for_translation(source, locale(language)))
    from_database = described(segments_for_translation(read_back(source), locale(language)))

    assert from_memory == from_database
    kinds = {kind for kind, *_ in from_memory}
    assert {"StringSegmentValue", "TemplateSegmentValue", "RelatedObjectSegmentValue"} <= kinds
    english_texts = {
        segment.string.data
        for segment in source.written_segments.values
        if isinstance(segment, StringSegmentValue)
    }
    translated = [
        payload[0] for kind, _p, _o, payload in from_memory if kind == "StringSegmentValue"
    ]
    assert set(translated) - english_texts  # strings come in the language where translated


@pytest.mark.parametrize("from_memory", [True, False])
def test_related_objects_come_in_the_target_language_without_a_query_each(
    from_memory, django_assert_num_queries
):
    source = new_source(english(CityPage, slug="luoyang"))
    spanish = locale("es")
    segments = segments_for_translation(source if from_memory else read_back(source), spanish)
    related = [s for s in segments if isinstance(s, RelatedObjectSegmentValue)]

    with django_assert_num_queries(0):
        carried = [segment.get_instance(spanish) for segment in related]
    assert related
    assert carried == [
        RelatedObjectSegmentValue.get_instance(segment, spanish) for segment in related
    ]
    assert {topic.locale_id for topic in carried} == {spanish.pk}


def test_a_new_snippet_sources_segments_are_the_stored_ones():
    news = english(NewsItem, slug=NewsItem.objects.filter(topic_links__isnull=False)[0].slug)
    source = new_source(news)

    assert described(segments_for_translation(source, locale("es"))) == described(
        segments_for_translation(read_back(source), locale("es"))
    )


def test_overrides_and_translations_with_errors_are_read_as_from_the_database():
    luoyang = english(CityPage, slug="luoyang")
    source = new_source(luoyang)
    spanish = locale("es")
    hero = TranslationContext.objects.get(object_id=luoyang.translation_key, path="hero_image")
    SegmentOverride.objects.create(
        locale=spanish, context=hero, data_json=json.dumps(luoyang.hero_image_id)
    )
    StringTranslation.objects.filter(
        locale=spanish, context__object_id=luoyang.translation_key, context__path="summary"
    ).update(has_error=True)

    from_memory = described(segments_for_translation(source, spanish))

    assert from_memory == described(segments_for_translation(read_back(source), spanish))
    assert ("OverridableSegmentValue", "hero_image") in [(k, p) for k, p, *_ in from_memory]
    summary = next(row for row in from_memory if row[1] == "summary")
    assert summary[3][0] == luoyang.summary  # the translation with an error is not used


def test_storing_strings_reads_a_new_sources_contexts_and_strings_from_memory(
    django_assert_num_queries,
):
    luoyang = english(CityPage, slug="luoyang")
    source = new_source(luoyang)
    texts, spanish = {luoyang.title, luoyang.summary}, locale("es")

    with django_assert_num_queries(1):  # the stored translations
        contexts, strings, existing = stored_rows(source, spanish, texts)

    assert existing  # the seed's Spanish translations of the title and summary
    assert (contexts, strings, existing) == stored_rows(read_back(source), spanish, texts)


def test_strings_just_stored_are_handed_to_the_translation_made_next():
    luoyang = english(CityPage, slug="luoyang")
    spanish = locale("es")
    source = new_source(luoyang)
    StringTranslation.objects.filter(  # the summary's translation is new, the others stored
        locale=spanish, context__object_id=luoyang.translation_key, context__path="summary"
    ).delete()
    store_strings(source, spanish, [("summary", luoyang.summary, "Luoyang, capital (revisado).")])

    with CaptureQueriesContext(connection) as handing_over:
        handed_over = described(segments_for_translation(source, spanish))
    with CaptureQueriesContext(connection) as reading:  # taken once: now read from the database
        read = described(segments_for_translation(source, spanish))

    assert len(handing_over) == len(reading) - 1  # the translations into Spanish
    assert handed_over == read == described(segments_for_translation(read_back(source), spanish))
    summary = next(row for row in handed_over if row[1] == "summary")
    assert summary[3][0] == "Luoyang, capital (revisado)."


def test_a_never_translated_objects_source_reads_no_translations_until_some_are_stored(
    django_assert_num_queries,
):
    news = new_webinar(slug="a-new-webinar", summary="Never translated.")
    publish_new(news)
    source = create_source(news)
    spanish, texts = locale("es"), {news.title, news.summary}

    with django_assert_num_queries(0):  # its contexts were all created with the source
        assert stored_rows(source, spanish, texts)[2] == {}
        segments_for_translation(source, spanish)
    store_strings(source, spanish, [("title", news.title, "Un seminario nuevo")])

    with django_assert_num_queries(1):
        existing = stored_rows(source, spanish, texts)[2]
    assert [row.data for row in existing.values()] == ["Un seminario nuevo"]
    assert described(segments_for_translation(source, spanish)) == described(
        segments_for_translation(read_back(source), spanish)
    )
