"""The API v2 endpoints the frontend reads. Every one serves only live, public objects."""

import copy
from functools import lru_cache
from weakref import WeakKeyDictionary

from rest_framework.exceptions import APIException

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.http import Http404
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
from wagtail.api.v2.serializers import BaseSerializer, PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from ..compat import SerializerClassHook
from ..languages import CONTENT_LANGUAGES
from ..models import KnowledgeProduct, NewsItem, Topic, Video
from ..models.snippets import NEWEST_FIRST
from .caching import ResponseCacheMixin
from .fields import (
    IsFallbackField,
    LocaleCodeField,
    ServedLocaleField,
    TranslationsField,
    TranslationStatusField,
)
from .filters import (
    DateRangeFilter,
    KindFilter,
    LocaleFilter,
    TopicFilter,
    requested_locale,
)
from .media_visibility import hidden_collection_ids
from .parameters import check_field_filters, check_format, check_request
from .rich_text import SanitizedRichTextMixin
from .search import MultilingualSearchFilter
from .translations import TranslationIndex
from .visibility import outside_view_restrictions_q

TRANSLATION_META_FIELDS = [
    APIField("translations", serializer=TranslationsField()),
    APIField("translation_status", serializer=TranslationStatusField()),
    APIField("served_locale", serializer=ServedLocaleField()),
    APIField("is_fallback", serializer=IsFallbackField()),
]
TRANSLATION_META_NAMES = [field.name for field in TRANSLATION_META_FIELDS]


class FieldsBuiltOnce:
    """DRF builds a model serializer's fields anew for every request, translating each model
    field's verbose name to decide whether the field needs a label: a fifth of a listing's
    serialisation. They depend on the serializer class alone, so they are built once per class
    and copied (as DRF copies the declared ones)."""

    _built_fields = WeakKeyDictionary()  # a class dropped from serializer_class_for goes too

    def get_fields(self):
        cls = type(self)
        if cls not in self._built_fields:
            self._built_fields[cls] = super().get_fields()
        return copy.deepcopy(self._built_fields[cls])


class InItsOwnLanguage:
    """Serialise each item with its own language active, so that rich-text links inside a
    Spanish page point at Spanish pages even in a listing that mixes languages."""

    def to_representation(self, instance):
        locale = getattr(instance, "locale", None)
        if locale is None or locale.language_code == translation.get_language():
            return super().to_representation(instance)
        with translation.override(locale.language_code):
            return super().to_representation(instance)


class PublicParentField(PageParentField):
    """`meta.parent` when the parent is served to this request, in one query: Wagtail's field
    reads the parent and then asks again whether it is in the public queryset."""

    def get_attribute(self, instance):
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -instance.steplen]
        return self.context["base_queryset"].filter(path=parent_path).first()


class LocalisedPageSerializer(
    SanitizedRichTextMixin, FieldsBuiltOnce, InItsOwnLanguage, PageSerializer
):
    parent = PublicParentField(read_only=True)


class LocalisedSerializer(
    SanitizedRichTextMixin, FieldsBuiltOnce, InItsOwnLanguage, BaseSerializer
):
    pass


class ContractMixin(SerializerClassHook, ResponseCacheMixin):
    """What every endpoint of ours does on top of Wagtail's: check the parameters every endpoint
    knows (parameters.py: NUL bytes, `format`, `locale`, integers, search), answer every error
    with `{"message": ...}`, render rich text in the requested language (so links inside a
    Spanish page point at Spanish pages), and answer with ETag and Cache-Control from the
    response cache (see caching.py)."""

    def initial(self, request, *args, **kwargs):
        check_format(request.GET, self.get_renderers())  # before DRF's content negotiation
        super().initial(request, *args, **kwargs)
        check_request(request, kwargs)  # media included

    def handle_exception(self, exc):
        """DRF's own errors (405, 406, ...) as `{"message": ...}` too, not `{"detail": ...}`;
        Wagtail already answers its 400s and 404s so."""
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            response.data = {"message": str(exc.detail)}
        return response

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("locale")
        if language not in CONTENT_LANGUAGES:
            language = settings.LANGUAGE_CODE  # an invalid one is refused in initial()
        with translation.override(language):
            return super().dispatch(request, *args, **kwargs)

    def get_renderer_context(self):
        """Compact JSON. Wagtail asks for an indent of 4: half of a listing's bytes are then
        spaces, and Python's json module encodes indented output in pure Python, its C encoder
        writing compact output only. `Accept: application/json; indent=4` still pretty-prints."""
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def paginate_queryset(self, queryset):
        self._translation_batch = list(super().paginate_queryset(queryset))
        return self._translation_batch

    def translation_index(self, instance):
        """Translation facts for the items being serialised, loaded once for all of them."""
        if getattr(self, "_translation_index", None) is None:
            batch = getattr(self, "_translation_batch", None) or [instance]
            self._translation_index = TranslationIndex(batch, self.published_versions())
        return self._translation_index

    @classmethod
    def serializer_class_for_shape(cls, router, model, fields_config, show_details, nested):
        """Wagtail builds a serializer class per request; the same request shape gets the same
        class, so it is built once per process (a bad `?fields=` raises and is not kept). A
        class depends on the code alone, never on content: it cannot go stale."""
        return serializer_class_for(cls, router, model, frozen(fields_config), show_details, nested)

    @classmethod
    def build_serializer_class(cls, router, model, fields_config, show_details, nested):
        # A model may keep heavy fields (a StreamField body with images and links) out of
        # listings, where they would cost queries per item; they stay in the detail view.
        extra = getattr(model, "api_detail_only_fields", [])
        if extra and not show_details:
            cls = type(
                cls.__name__, (cls,), {"detail_only_fields": [*cls.detail_only_fields, *extra]}
            )
        return cls.wagtail_serializer_class(router, model, fields_config, show_details, nested)


@lru_cache(maxsize=512)  # `?fields=` is user input: the number of shapes kept is bounded
def serializer_class_for(viewset, router, model, fields_config, show_details, nested):
    return viewset.build_serializer_class(router, model, fields_config, show_details, nested)


def frozen(fields_config):
    """Wagtail's parsed `?fields=` (lists of (name, negated, sub-fields)) as nested tuples."""
    if not fields_config:
        return ()
    return tuple(
        (name, negated, frozen(sub_fields) if sub_fields else sub_fields)
        for name, negated, sub_fields in fields_config
    )


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's `?field=value` filter, with values the database would refuse (`?date=abc`,
    `?latitude=north`, `?hero_image=` with 20 digits) answered by a 400 instead of a 500."""

    def filter_queryset(self, request, queryset, view):
        # As Wagtail's filter: `locale` is the locale filter's (a language code).
        filters = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        check_field_filters(request.GET, queryset.model, filters)
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
    prefetch = [joined(model, lookup) for lookup in getattr(model, "api_prefetch_related", [])]
    return queryset.select_related("locale", *select).prefetch_related(*prefetch)


def joined(model, lookup):
    """`topic_links__topic` (an inline relation, then a foreign key of its rows) as one query
    with the foreign key joined, instead of one for the links and another for their topics."""
    relation_name, _, rest = lookup.partition("__")
    if not rest or "__" in rest:
        return lookup
    relation = model._meta.get_field(relation_name)
    if not relation.one_to_many:  # `hero_image__renditions` starts with a forward key
        return lookup
    related = relation.related_model
    if not related._meta.get_field(rest).many_to_one:
        return lookup
    ordered = related.objects.order_by(*related._meta.ordering, "pk")  # the same on any database
    return Prefetch(relation_name, queryset=ordered.select_related(rest))


class PagesViewSet(ContractMixin, PagesAPIViewSet):
    base_serializer_class = LocalisedPageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + TRANSLATION_META_FIELDS
    listing_default_fields = PagesAPIViewSet.listing_default_fields + TRANSLATION_META_NAMES
    filter_backends = [
        SafeFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        MultilingualSearchFilter,  # last: search results cannot be filtered further
    ]

    def get_base_queryset(self):
        return self.public(Page)

    def public(self, model):
        """The public pages of `model` (Page or one page type) in this site. The conditions
        serve the listing, the filters and the serializer context alike: once per request."""
        if not hasattr(self, "_public_conditions"):
            try:
                self._public_conditions = public_page_conditions(self.request)
            except ValueError as e:  # an unknown ?site=
                raise BadRequestError(str(e)) from e
        if self._public_conditions is None:
            return model.objects.none()
        return model.objects.filter(self._public_conditions)

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is not Page:
            # One page type (`?type=`): Wagtail filters its rows by `pk IN (public pages)`,
            # which the database counts by joining every page of the type to a second
            # reading of the page table; its own rows filtered alike are the same pages.
            queryset = self.public(queryset.model)
        queryset = apply_api_prefetching(queryset)
        if self.action == "listing_view":
            # Not served in listings, and a StreamField costs a JSON parse per row.
            queryset = queryset.defer(*getattr(queryset.model, "api_detail_only_fields", []))
        return queryset

    def get_object(self):
        """The page of a detail, as its specific model with the API prefetching, in one query.
        Wagtail's `base.specific` fetches the specific row alone, and the hero image, the topic
        of every topic link and the locale then cost a query each."""
        if not hasattr(self, "_specific_object"):
            pk = int(self.kwargs["pk"])
            candidates = self.detail_candidates(pk)
            remembered = pk in PAGE_MODELS
            page = self.specific_page(page_model(pk), candidates)
            if page is None and remembered:  # perhaps a page since deleted, its id reused
                forget_page_model(pk)
                page = self.specific_page(page_model(pk), candidates)
            if page is None:
                raise Http404("No Page matches the given query.")
            self.check_object_permissions(self.request, page)
            self._specific_object = page
        return self._specific_object

    def detail_candidates(self, pk):
        """model -> the rows of `model` that can be the page `pk`, found as Wagtail finds it:
        public, in this site, and through the request's filters (`?locale=`, `?child_of=`, ...)
        when it has any. Without, the page's own model is filtered directly, sparing the
        database a subquery and Django its compilation."""
        if set(self.request.GET) <= PARAMETERS_THAT_FILTER_NOTHING:
            return lambda model: self.public(model).filter(pk=pk)
        found = self.filter_queryset(self.get_queryset()).filter(pk=pk).values("pk")
        return lambda model: model.objects.filter(pk__in=found)

    @staticmethod
    def specific_page(model, candidates):
        if model is None:
            return None
        return apply_api_prefetching(candidates(model)).first()

    def published_versions(self):
        return self.get_base_queryset()

    def find_object(self, queryset, request):
        """`?html_path=` in any language: `/es/turismo-.../ciudad-de-mexico/` finds the Spanish
        page. A path without a language prefix is looked up in `?locale=` (default: English)."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        components = [part for part in request.GET["html_path"].split("/") if part]
        language = requested_locale(request) or settings.LANGUAGE_CODE
        if components and components[0] in CONTENT_LANGUAGES:
            language = components.pop(0)
        root_path = self.home_path_in(request, language)
        if root_path is None:
            return None
        # What Wagtail's `route()` finds, in one query: no page type here routes on its own,
        # and a page's URL path is its language home's followed by the slugs down to it.
        url_path = root_path + "".join(f"{slug}/" for slug in components)
        return queryset.filter(url_path=url_path).first()

    def home_path_in(self, request, language):
        """The URL path of the request's site's home page in `language`; None if it has none
        in that language."""
        return home_paths(Site.find_for_request(request)).get(language)


def home_paths(site):
    """{language: URL path of the site's home page in it}, from Wagtail's cached site root paths
    (which it clears when a site or a site root changes, and which its page URLs come from)."""
    if site is None:
        return {}
    return {
        root.language_code: root.root_path
        for root in Site.get_site_root_paths()
        if root.site_id == site.pk
    }


PARAMETERS_THAT_FILTER_NOTHING = {"fields", "format"}
# page id -> its specific model, kept by the process: a page never changes type, and an id
# reused after a deletion is looked up again (`get_object`). Nothing else about pages is kept.
PAGE_MODELS = {}
PAGE_MODELS_KEPT = 10_000


def page_model(pk):
    """The specific model of the page `pk` (None if there is none), remembered in this process."""
    if pk not in PAGE_MODELS:
        content_type_id = Page.objects.filter(pk=pk).values_list("content_type_id", flat=True)
        found = content_type_id.first()
        if found is None:
            return None
        if len(PAGE_MODELS) >= PAGE_MODELS_KEPT:
            PAGE_MODELS.clear()
        PAGE_MODELS[pk] = ContentType.objects.get_for_id(found).model_class() or Page
    return PAGE_MODELS[pk]


def forget_page_model(pk):
    PAGE_MODELS.pop(pk, None)


def public_page_conditions(request):
    """Wagtail's `get_public_pages_queryset` as conditions on the fields of Page, which every
    page type inherits (None: no page is public here): live pages outside view restrictions the
    request does not pass, in the requested site and its other language trees (`home_paths`,
    instead of two queries per request)."""
    conditions = Page.objects.live_q() & outside_view_restrictions_q(request)
    named = request.GET.get("site")
    site = (
        SiteFilterValidator(site=named, request=request).site_obj
        if named
        else Site.find_for_request(request)
    )
    roots = home_paths(site).values()
    if not roots:
        return None
    in_site = Q()
    for root_path in roots:
        in_site |= Q(url_path__startswith=root_path)
    return conditions & in_site


class MediaViewSetMixin:
    """`images/` and `documents/`: Wagtail's endpoints, which leave out the media in collections
    whose view restriction the request does not pass, with the anonymous request's hidden
    collections from the `api` cache rather than read on every request (media_visibility.py)."""

    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    filter_backends = [SafeFieldsFilter, OrderingFilter, SearchFilter]  # Wagtail's, field-safe

    def get_queryset(self):
        hidden = hidden_collection_ids(self.request)
        return self.model.objects.exclude(collection__in=hidden).order_by("id")


class ImagesViewSet(ContractMixin, MediaViewSetMixin, ImagesAPIViewSet):
    pass


class DocumentsViewSet(ContractMixin, MediaViewSetMixin, DocumentsAPIViewSet):
    pass


class SnippetViewSet(ContractMixin, BaseAPIViewSet):
    """A read-only endpoint for a translatable snippet with drafts: only live rows are served
    (a snippet's unpublished changes live in its revisions, never in the row)."""

    filter_backends = [
        SafeFieldsFilter,
        LocaleFilter,
        OrderingFilter,
        MultilingualSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    base_serializer_class = LocalisedSerializer
    meta_fields = BaseAPIViewSet.meta_fields + [
        APIField("locale", serializer=LocaleCodeField()),
        *TRANSLATION_META_FIELDS,
    ]
    body_fields = BaseAPIViewSet.body_fields + ["title", "slug"]
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
        OrderingFilter,
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
        OrderingFilter,
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
