"""Listings of one page type (`cities/`, `organisations/`): its live, public pages with every
listing field, so that a generated client has each of them required.

`pages/?type=cluster.CityPage&fields=*` serves the same items, but the OpenAPI document cannot
say that a query parameter changes an item's shape: there the type's own fields are optional.
These endpoints are listings only; an item's detail, `find/` and the URLs items carry stay on
`pages/`. They take the parameters of `pages/` but `type`.
"""

from django.urls import path

from cluster.api.listing_fields import EveryListingField
from cluster.api.page_views import PagesViewSet


class PageTypeListingViewSet(EveryListingField, PagesViewSet):
    page_type = None  # set by `listing_of`
    known_query_parameters = PagesViewSet.known_query_parameters - {"type"}

    @classmethod
    def listing_of(cls, page_type):
        return type(f"{page_type.__name__}ListingViewSet", (cls,), {"page_type": page_type})

    def get_queryset(self):
        return self.typed_queryset(self.public(self.page_type))

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
