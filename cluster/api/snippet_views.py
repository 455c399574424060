"""The snippet endpoints: `news/`, `knowledge/`, `videos/` and `topics/`, live rows only."""

from django.db.models import F

from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet

from cluster.api.endpoint_contract import ContractMixin
from cluster.api.field_filters import SafeFieldsFilter
from cluster.api.fields import LocaleCodeField
from cluster.api.filters import DateRangeFilter, KindFilter, LocaleFilter, TopicFilter
from cluster.api.listing_fields import EveryListingField
from cluster.api.ordering import CollatedOrderingFilter
from cluster.api.prefetching import apply_api_prefetching
from cluster.api.search_filter import MultilingualSearchFilter
from cluster.api.serializers import (
    TRANSLATION_META_FIELDS,
    TRANSLATION_META_NAMES,
    LocalisedSerializer,
)
from cluster.models import KnowledgeProduct, NewsItem, Topic, Video
from cluster.models.snippets import NEWEST_FIRST


class SnippetViewSet(ContractMixin, EveryListingField, BaseAPIViewSet):
    """A read-only endpoint for a translatable snippet with drafts: only live rows are served
    (a snippet's unpublished changes live in its revisions, never in the row)."""

    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        CollatedOrderingFilter,
        MultilingualSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    base_serializer_class = LocalisedSerializer
    # `slug` in `meta`, where Wagtail puts a page's.
    meta_fields = BaseAPIViewSet.meta_fields + [
        "slug",
        APIField("locale", serializer=LocaleCodeField()),
        *TRANSLATION_META_FIELDS,
    ]
    body_fields = BaseAPIViewSet.body_fields + ["title"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "title",
        "slug",
        "locale",
        *TRANSLATION_META_NAMES,
    ]
    default_order = NEWEST_FIRST

    def get_queryset(self):
        queryset = self.model.objects.filter(live=True).order_by(*self.default_order)
        return apply_api_prefetching(queryset)

    def published_versions(self):
        return self.model.objects.filter(live=True)


class DatedSnippetViewSet(SnippetViewSet):
    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        KindFilter,
        TopicFilter,
        DateRangeFilter,
        CollatedOrderingFilter,
        MultilingualSearchFilter,
    ]
    known_query_parameters = SnippetViewSet.known_query_parameters.union(
        ["topic", "kind", "date_from", "date_to"]
    )
    listing_default_fields = SnippetViewSet.listing_default_fields + ["kind", "date"]


class NewsViewSet(DatedSnippetViewSet):
    name = "news"
    model = NewsItem


class KnowledgeViewSet(DatedSnippetViewSet):
    name = "knowledge"
    model = KnowledgeProduct


class VideosViewSet(SnippetViewSet):
    name = "videos"
    model = Video
    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        DateRangeFilter,
        CollatedOrderingFilter,
        MultilingualSearchFilter,
    ]
    known_query_parameters = SnippetViewSet.known_query_parameters.union(["date_from", "date_to"])
    listing_default_fields = SnippetViewSet.listing_default_fields + ["date"]
    default_order = [F("date").desc(nulls_last=True), "title", "id"]


class TopicsViewSet(SnippetViewSet):
    name = "topics"
    model = Topic
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "name",
        "slug",
        "locale",
        *TRANSLATION_META_NAMES,
    ]
    default_order = ["name", "id"]
