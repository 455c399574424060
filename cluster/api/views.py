"""The API v2 endpoints the frontend reads. Every one serves only live, public objects."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import translation

from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from ..models import KnowledgeProduct, NewsItem, Topic, Video
from .fields import LocaleCodeField
from .filters import (
    CONTENT_LANGUAGES,
    DateRangeFilter,
    KindFilter,
    LocaleFilter,
    TopicFilter,
    requested_locale,
)


class ContractMixin:
    """What every endpoint of ours does on top of Wagtail's: reject NUL bytes in any parameter,
    validate `?locale=`, and render rich text in the requested language (so links inside a
    Spanish page point at Spanish pages)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(
                    f"null characters are not allowed in query parameter {name!r}"
                )
        requested_locale(request)  # validates ?locale= on every endpoint, media included

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("locale")
        if language not in CONTENT_LANGUAGES:
            language = settings.LANGUAGE_CODE  # an invalid one is refused in initial()
        with translation.override(language):
            return super().dispatch(request, *args, **kwargs)

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        # A model may keep heavy fields (a StreamField body with images and links) out of
        # listings, where they would cost queries per item; they stay in the detail view.
        extra = getattr(model, "api_detail_only_fields", [])
        if extra and not show_details:
            cls = type(
                cls.__name__, (cls,), {"detail_only_fields": [*cls.detail_only_fields, *extra]}
            )
        return super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's `?field=value` filter, with values the database would refuse (`?date=abc`,
    `?latitude=north`) answered by a 400 instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as e:
            message = "; ".join(e.messages) if isinstance(e, ValidationError) else str(e)
            raise BadRequestError(f"field filter error: {message}") from e


def apply_api_prefetching(queryset):
    """Select and prefetch what the model's API fields read, so a listing costs the same number
    of queries for 20 items as for 1."""
    model = queryset.model
    select = getattr(model, "api_select_related", [])
    prefetch = getattr(model, "api_prefetch_related", [])
    return queryset.select_related("locale", *select).prefetch_related(*prefetch)


class PagesViewSet(ContractMixin, PagesAPIViewSet):
    filter_backends = [
        SafeFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]

    def get_base_queryset(self):
        # Wagtail builds the public, per-site queryset (view restrictions, site root and its
        # translations: 4 queries) for the listing, the filters and the serializer context
        # alike; once per request is enough.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset.all()

    def get_queryset(self):
        return apply_api_prefetching(super().get_queryset())


def exclude_private_collections(queryset):
    """Leave out media in collections (and their sub-collections) that have a view restriction."""
    restricted_paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    ).values_list("path", flat=True)
    for path in restricted_paths:
        queryset = queryset.exclude(collection__path__startswith=path)
    return queryset


class ImagesViewSet(ContractMixin, ImagesAPIViewSet):
    known_query_parameters = ImagesAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        return exclude_private_collections(super().get_queryset())


class DocumentsViewSet(ContractMixin, DocumentsAPIViewSet):
    known_query_parameters = DocumentsAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        return exclude_private_collections(super().get_queryset())


class SnippetViewSet(ContractMixin, BaseAPIViewSet):
    """A read-only endpoint for a translatable snippet with drafts: only live rows are served
    (a snippet's unpublished changes live in its revisions, never in the row)."""

    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        OrderingFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    meta_fields = BaseAPIViewSet.meta_fields + [
        APIField("locale", serializer=LocaleCodeField()),
    ]
    body_fields = BaseAPIViewSet.body_fields + ["title", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["title", "slug", "locale"]
    default_order = [F("date").desc(nulls_last=True), "-id"]

    def get_queryset(self):
        queryset = self.model.objects.filter(live=True).order_by(*self.default_order)
        return apply_api_prefetching(queryset)


class DatedSnippetViewSet(SnippetViewSet):
    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        KindFilter,
        TopicFilter,
        DateRangeFilter,
        OrderingFilter,
        SearchFilter,
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
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = SnippetViewSet.known_query_parameters.union(["date_from", "date_to"])
    listing_default_fields = SnippetViewSet.listing_default_fields + ["date"]
    default_order = [F("date").desc(nulls_last=True), "title", "id"]


class TopicsViewSet(SnippetViewSet):
    name = "topics"
    model = Topic
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "locale"]
    default_order = ["name", "id"]
