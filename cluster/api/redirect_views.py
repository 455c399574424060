"""`GET /api/v2/redirects/`: the redirects of Wagtail's redirects app, for a frontend or a CDN to
apply. Wagtail records one, permanent, whenever a live page's slug changes or a page moves (for
the page and every live page below it, in its language), and editors add others in the admin
(Settings > Redirects)::

    {"id": 4, "old_path": "/en/tourism-heritage-creative-economy/anyang",
     "is_permanent": true, "page_id": 12, "locale": "en",
     "new_path": "/en/tourism-heritage-creative-economy/anyang-city/",
     "new_url": "https://cities.example.org/en/tourism-heritage-creative-economy/anyang-city/"}

`old_path` is as Wagtail stores and matches it: without its trailing slash, query parameters
sorted. A redirect to a page names it (`page_id`, `locale`, `new_path`, and `new_url` on the
frontend); one to another address has only `new_url`. Only redirects of the request's site (or
of every site) to a live page outside every view restriction, or to an address, are listed,
ordered by `old_path`; paginated with `limit` and `offset`.
`pages/find/?html_path=<old path>` answers the same redirects with a 301 to the new page's
detail (page_views.py).
"""

from django.db.models import Q

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from cluster.api.frontend_listing import FrontendListingViewSet, public_pages
from cluster.models.frontend_urls import html_path, html_url


class RedirectsViewSet(FrontendListingViewSet):
    name = "redirects"
    model = Redirect
    cached_routes = frozenset(["api_redirects"])

    def redirects(self):
        return served_redirects(self.request)

    def count(self):
        return self.redirects().count()

    def items(self, offset, limit):
        redirects = self.redirects().select_related("redirect_page__locale")
        window = redirects.order_by("old_path", "pk")[offset : offset + limit]
        return [describe(redirect) for redirect in window]


def served_redirects(request):
    """The redirects of the request's site, or of every site, to a page an anonymous visitor may
    see or to another address."""
    site = Site.find_for_request(request)
    to_public_page = Q(redirect_page__in=public_pages(request).values("pk"))
    to_address = Q(redirect_page__isnull=True) & ~Q(redirect_link="")
    return Redirect.get_for_site(site).filter(to_public_page | to_address)


def describe(redirect):
    page = redirect.redirect_page
    if page is None:
        target = {"page_id": None, "locale": None, "new_path": None, "new_url": redirect.link}
    else:
        language = page.locale.language_code
        path = html_path(page.url_path, language)
        if redirect.redirect_page_route_path:
            path = path.rstrip("/") + redirect.redirect_page_route_path
        target = {
            "page_id": page.pk,
            "locale": language,
            "new_path": path,
            "new_url": html_url(language, path),
        }
    return {
        "id": redirect.pk,
        "old_path": redirect.old_path,
        "is_permanent": redirect.is_permanent,
        **target,
    }
