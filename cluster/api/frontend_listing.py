"""What the sitemap and redirects endpoints share: a paginated listing of plain items about
what the frontend serves, in the API's usual envelope (`{"meta": {"total_count"}, "items"}`),
with the API's parameter checks, errors and response cache (ContractMixin), and only what an
anonymous visitor may see: live pages outside every view restriction, whoever asks."""

from rest_framework.response import Response

from django.conf import settings
from django.db.models import Q

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, Site

from cluster.api.endpoint_contract import ContractMixin
from cluster.api.page_views import home_paths
from cluster.api.visibility import outside_of, restricted_paths

DEFAULT_LIMIT = 20  # as Wagtail's listings


class FrontendListingViewSet(ContractMixin, BaseAPIViewSet):
    """A listing of `items(offset, limit)` out of `count()`; subclasses define both and the
    parameters they take beyond `limit`, `offset` and `format`."""

    known_query_parameters = frozenset(["limit", "offset", "format"])
    cached_routes = frozenset()  # the URL name the view is mounted under (caching.py)

    def listing_view(self, request):
        unknown = sorted(set(request.GET) - self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                f"query parameter is not an operation or a recognised field: {', '.join(unknown)}"
            )
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        # check_request (ContractMixin.initial) has checked both are integers in range.
        offset = int(request.GET.get("offset", 0))
        limit = int(request.GET.get("limit", min(DEFAULT_LIMIT, limit_max)))
        total = self.count()
        items = self.items(offset, limit) if offset < total and limit else []
        return Response({"meta": {"total_count": total}, "items": items})

    def count(self):
        raise NotImplementedError

    def items(self, offset, limit):
        raise NotImplementedError


def public_pages(request):
    """The pages an anonymous visitor of the request's site may see, in every language: live,
    outside every view restriction (even for a logged-in request), under the site's homes."""
    roots = home_paths(Site.find_for_request(request)).values()
    if not roots:
        return Page.objects.none()
    in_site = Q()
    for root_path in roots:
        in_site |= Q(url_path__startswith=root_path)
    return Page.objects.filter(Page.objects.live_q() & outside_of(restricted_paths()) & in_site)


def windows(counts, offset, limit):
    """[(index, start, stop)]: which rows of each of several lists, counted `counts`, fall in
    `limit` rows from `offset` of their concatenation. `windows([10, 5], 8, 4)` is
    `[(0, 8, 10), (1, 0, 2)]`."""
    found, start = [], offset
    for index, count in enumerate(counts):
        if limit <= 0:
            break
        if start < count:
            stop = min(count, start + limit)
            found.append((index, start, stop))
            limit -= stop - start
            start = 0
        else:
            start -= count
    return found
