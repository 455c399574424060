"""The `pages/` endpoint: public pages of the request's site, found by id or `?html_path=`."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cluster.api.endpoint_contract import ContractMixin
from cluster.api.field_filters import SafeFieldsFilter
from cluster.api.filters import LocaleFilter, requested_locale
from cluster.api.ordering import CollatedOrderingFilter
from cluster.api.page_url_fields import HtmlPathField
from cluster.api.parameters import shortened_repr
from cluster.api.prefetching import apply_api_prefetching
from cluster.api.search_filter import MultilingualSearchFilter
from cluster.api.serializers import (
    TRANSLATION_META_FIELDS,
    TRANSLATION_META_NAMES,
    LocalisedPageSerializer,
)
from cluster.api.visibility import outside_view_restrictions_q
from cluster.languages import CONTENT_LANGUAGES


class PagesViewSet(ContractMixin, PagesAPIViewSet):
    base_serializer_class = LocalisedPageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + [
        APIField("html_path", serializer=HtmlPathField(source="*")),
        *TRANSLATION_META_FIELDS,
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "html_path",
        *TRANSLATION_META_NAMES,
    ]
    filter_backends = [
        SafeFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        CollatedOrderingFilter,
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
            except ValueError as e:  # an ambiguous ?site=
                raise BadRequestError(str(e)) from e
            except Http404 as e:  # an unknown ?site=
                site = shortened_repr(self.request.GET.get("site", ""))
                raise BadRequestError(f"site: no site has the hostname {site}") from e
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
        return self.typed_queryset(queryset)

    def typed_queryset(self, queryset):
        """The API's joins and prefetches for the pages of one model, without the fields a
        listing does not serve."""
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

    def find_view(self, request):
        """A page, or else a redirect from the old path `?html_path=` names (redirect_views.py):
        a 301 (302 for a temporary redirect) to the detail of the page it now leads to."""
        try:
            return super().find_view(request)
        except Http404:
            if "html_path" not in request.GET:
                raise
            redirect = self.redirect_from(request)
            if redirect is None:
                raise
        query = request.GET.copy()
        query.pop("html_path")
        url = get_object_detail_url(
            request.wagtailapi_router, request, Page, redirect.redirect_page_id
        )
        location = f"{url}?{query.urlencode()}" if query else url
        if redirect.is_permanent:
            return HttpResponsePermanentRedirect(location)
        return HttpResponseRedirect(location)

    def redirect_from(self, request):
        """The redirect of this site from the path `?html_path=` names (Wagtail stores it
        normalised: no trailing slash) to a page served to this request."""
        language, components = self.requested_path(request)
        old_path = Redirect.normalise_path(f"/{language}/" + "/".join(components))
        redirects = Redirect.get_for_site(Site.find_for_request(request))
        return (
            redirects.filter(old_path=old_path, redirect_page__in=self.public(Page).values("pk"))
            .only("redirect_page_id", "is_permanent")
            .first()
        )

    @staticmethod
    def requested_path(request):
        """(language, [slug, ...]) of `?html_path=`: its language prefix, else `?locale=`
        (default: English)."""
        components = [part for part in request.GET["html_path"].split("/") if part]
        language = requested_locale(request) or settings.LANGUAGE_CODE
        if components and components[0] in CONTENT_LANGUAGES:
            language = components.pop(0)
        return language, components

    def find_object(self, queryset, request):
        """`?html_path=` in any language: `/es/turismo-.../ciudad-de-mexico/` finds the Spanish
        page. A path without a language prefix is looked up in `?locale=` (default: English)."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        language, components = self.requested_path(request)
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
