"""The page fields that say where a page lives on the frontend: `meta.html_path` and
`meta.html_url` (also in `meta.parent` and `meta.alias_of`). Computed from the page's `url_path`
and its language tree, not by the page model's own URL methods: listings and `meta.parent`
serialise plain `Page` rows, which know nothing of cluster/models/frontend_urls.py's mixin."""

from wagtail.api.v2.serializers import PageAliasOfField, PageHtmlUrlField, PageParentField
from wagtail.models import Site

from cluster.api.fields import ReadOnlyField
from cluster.models.frontend_urls import html_path, html_url


def language_of(page):
    """The language of the tree the page is in, from Wagtail's cached site root paths (no
    query: a page's parent is read without its locale)."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.language_code
    return None


def frontend_url(page):
    """The page's address on the frontend (or the CMS, without one); None outside every site."""
    language = language_of(page)
    if language is None:
        return None
    return html_url(language, html_path(page.url_path, language))


class HtmlPathField(ReadOnlyField):
    """A page's path on the frontend, language prefix first: `"/zh-hans/.../anyang/"`."""

    schema = {"type": "string", "pattern": "^/"}

    def to_representation(self, page):  # declared with source="*": the page itself
        return html_path(page.url_path, page.locale.language_code)


class HtmlUrlField(PageHtmlUrlField):
    """Wagtail's `meta.html_url` (same schema), on the frontend."""

    def to_representation(self, page):
        return frontend_url(page)


class FrontendReferenceMixin:
    """For `meta.parent` and `meta.alias_of`: their `meta.html_url` on the frontend too."""

    def to_representation(self, value):
        data = super().to_representation(value)
        data["meta"]["html_url"] = frontend_url(value)
        return data


class FrontendParentField(FrontendReferenceMixin, PageParentField):
    pass


class FrontendAliasOfField(FrontendReferenceMixin, PageAliasOfField):
    pass
