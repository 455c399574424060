"""Where pages live: on the frontend. The CMS is headless; a page's public address is the
frontend's, built from FRONTEND_BASE_URL (or the language's entry in FRONTEND_URLS) and the
page's `html_path`, the language prefix followed by the slugs down from the language's home page:

    /home/tourism-heritage-creative-economy/anyang/ in zh-hans
    -> html_path /zh-hans/tourism-heritage-creative-economy/anyang/
    -> html_url  https://cities.example.org/zh-hans/tourism-heritage-creative-economy/anyang/

`FrontendURLMixin` makes Wagtail's own URL methods say so, through `get_url_parts`, the method
Wagtail documents for pages with custom URLs: `full_url` (the API's `meta.html_url`), `url` (the
admin's "View live", rich-text links to pages) and Wagtail's automatic redirects all follow. The
path part is Wagtail's, unchanged: the redirects app records old paths as `html_path`s.

Without a frontend configured, a page's address is the CMS's own (WAGTAILADMIN_BASE_URL), where
it answers a short page pointing to the API and the admin; with one, the CMS's page URL
redirects (302) to the frontend's. News items have pages on the frontend too, at
`/<language>/news/<slug>/` (`FrontendPageSnippetMixin`).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_from_path


def frontend_root(language):
    """The frontend's base URL for `language`, without a trailing slash; None if none is set."""
    url = settings.FRONTEND_URLS.get(language) or settings.FRONTEND_BASE_URL
    return url.rstrip("/") if url else None


def public_root(language):
    """Where pages in `language` are served: the frontend, else the CMS itself."""
    return frontend_root(language) or settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def html_url(language, path):
    """The absolute address of the `html_path` `path` of a page in `language`."""
    return public_root(language) + path


def html_path(url_path, language):
    """The path a page is served at: `/home/cluster/anyang/` in zh-hans is
    `/zh-hans/cluster/anyang/` (the first component is the language's home page)."""
    rest = url_path.split("/", 2)[2] if url_path.count("/") >= 2 else ""
    return f"/{language}/{rest}"


def language_of_path(path):
    return get_language_from_path(path) or settings.LANGUAGE_CODE


class FrontendURLMixin:
    """For page models: their URLs are the frontend's; the CMS's own page URL redirects there."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        site_id, _site_root_url, page_path = parts
        return site_id, public_root(language_of_path(page_path)), page_path

    def get_url(self, request=None, current_site=None):
        """Absolute when a frontend serves the page: Wagtail would give a path on the CMS's
        host when the site is the request's (or the only one)."""
        url = super().get_url(request=request, current_site=current_site)
        if url and url.startswith("/"):
            root = frontend_root(language_of_path(url))
            if root:
                return root + url
        return url

    url = property(get_url)  # Wagtail's property calls its own method

    def serve(self, request, *args, **kwargs):
        language = self.locale.language_code
        path = html_path(self.url_path, language)
        root = frontend_root(language)
        if root:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(root + path + (f"?{query}" if query else ""))
        return TemplateResponse(request, "cluster/cms_page.html", {"page": self, "path": path})


class FrontendPageSnippetMixin:
    """For snippets the frontend gives a page of their own (listed in the sitemap):
    `/<language>/<frontend_section>/<slug>/`."""

    frontend_section = None

    @property
    def html_path(self):
        return snippet_html_path(self.frontend_section, self.locale.language_code, self.slug)


def snippet_html_path(section, language, slug):
    return f"/{language}/{section}/{slug}/"
