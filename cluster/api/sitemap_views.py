"""`GET /api/v2/sitemap/`: every address the frontend serves content at, for its `sitemap.xml`.

One item per page or news item per language: every live page outside every view restriction
(in tree order), then every live news item (the snippets with a page of their own on the
frontend, `FrontendPageSnippetMixin`), each with its language versions for `hreflang`::

    {"type": "cluster.CityPage", "id": 12, "locale": "en",
     "html_path": "/en/tourism-heritage-creative-economy/anyang/",
     "html_url": "https://cities.example.org/en/tourism-heritage-creative-economy/anyang/",
     "lastmod": "2026-11-28T11:17:03.512000Z",
     "alternates": [{"locale": "en", "hreflang": "en", "html_path": "/en/...",
                     "html_url": "https://..."},
                    {"locale": "zh-hans", "hreflang": "zh-Hans", ...}, ...]}

`alternates` lists every published language version, the item's own included (as search
engines expect of `hreflang` links), in the order of the content languages. `?locale=` keeps
the items of one language. Paginated with `limit` (at most WAGTAILAPI_LIMIT_MAX) and `offset`;
a page of the sitemap costs the same queries however many items it has (three per kind of
item). docs/api.md#sitemap turns it into sitemap.xml.
"""

from collections import defaultdict

from django.apps import apps
from django.utils.translation import to_locale

from cluster.api.filters import requested_locale
from cluster.api.frontend_listing import FrontendListingViewSet, public_pages, windows
from cluster.languages import CONTENT_LANGUAGES
from cluster.models.frontend_urls import (
    FrontendPageSnippetMixin,
    html_path,
    html_url,
    snippet_html_path,
)


class SitemapViewSet(FrontendListingViewSet):
    name = "sitemap"
    known_query_parameters = FrontendListingViewSet.known_query_parameters | {"locale"}
    cached_routes = frozenset(["api_sitemap"])

    def sections(self):
        if not hasattr(self, "_sections"):
            language = requested_locale(self.request)
            self._sections = [PageSection(self.request, language)] + [
                SnippetSection(model, language) for model in frontend_snippet_models()
            ]
        return self._sections

    def count(self):
        return sum(section.count() for section in self.sections())

    def items(self, offset, limit):
        sections = self.sections()
        counts = [section.count() for section in sections]
        found = []
        for index, start, stop in windows(counts, offset, limit):
            found += sections[index].entries(start, stop)
        return found


def frontend_snippet_models():
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, FrontendPageSnippetMixin) and model.frontend_section
        ),
        key=lambda model: model._meta.label,
    )


def hreflang(language):
    """The BCP 47 tag of a language code: `zh-hans` -> `zh-Hans`."""
    return to_locale(language).replace("_", "-")


def alternate(language, path):
    return {
        "locale": language,
        "hreflang": hreflang(language),
        "html_path": path,
        "html_url": html_url(language, path),
    }


def in_language_order(versions):
    order = {language: position for position, language in enumerate(CONTENT_LANGUAGES)}
    return sorted(versions, key=lambda version: order.get(version["locale"], len(order)))


class Section:
    """The items of one kind (pages, or one snippet model): counted once, read a window at a
    time with their language versions (two queries)."""

    fields = ("id", "translation_key", "last_published_at", "locale__language_code")

    def __init__(self, queryset, language):
        self.all_versions = queryset
        self.rows = queryset.filter(locale__language_code=language) if language else queryset
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.rows.count()
        return self._count

    def entries(self, start, stop):
        rows = list(self.rows.order_by(*self.order)[start:stop].values(*self.fields))
        keys = {row["translation_key"] for row in rows}
        versions = defaultdict(list)
        for row in self.all_versions.filter(translation_key__in=keys).values(*self.fields):
            versions[row["translation_key"]].append(alternate(*self.address(row)))
        return [
            {
                "type": self.type_label(row),
                "id": row["id"],
                "locale": row["locale__language_code"],
                "html_path": self.address(row)[1],
                "html_url": html_url(*self.address(row)),
                "lastmod": row["last_published_at"],
                "alternates": in_language_order(versions[row["translation_key"]]),
            }
            for row in rows
        ]


class PageSection(Section):
    fields = (*Section.fields, "url_path", "content_type__app_label", "content_type__model")
    order = ("path",)

    def __init__(self, request, language):
        super().__init__(public_pages(request), language)

    @staticmethod
    def address(row):
        language = row["locale__language_code"]
        return language, html_path(row["url_path"], language)

    @staticmethod
    def type_label(row):
        model = apps.get_model(row["content_type__app_label"], row["content_type__model"])
        return model._meta.label


class SnippetSection(Section):
    fields = (*Section.fields, "slug")
    order = ("pk",)

    def __init__(self, model, language):
        self.model = model
        super().__init__(model.objects.filter(live=True), language)

    def address(self, row):
        language = row["locale__language_code"]
        return language, snippet_html_path(self.model.frontend_section, language, row["slug"])

    def type_label(self, row):
        return self.model._meta.label
