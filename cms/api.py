"""The one API router: what the frontend reads, at /api/v2/."""

from cluster.api.page_type_views import PageTypeListingViewSet
from cluster.api.router import EndpointRouter
from cluster.api.views import (
    DocumentsViewSet,
    ImagesViewSet,
    KnowledgeViewSet,
    NewsViewSet,
    PagesViewSet,
    TopicsViewSet,
    VideosViewSet,
)
from cluster.models import CityPage, OrganisationPage

# Named "wagtailapi_v2": with WAGTAILAPI_USE_FRONTENDCACHE any other name breaks publishing.
api_router = EndpointRouter("wagtailapi_v2")
api_router.register_endpoint("pages", PagesViewSet)
# After `pages/`, which stays the endpoint of these types (details, `find/`, `detail_url`).
api_router.register_endpoint("cities", PageTypeListingViewSet.listing_of(CityPage))
api_router.register_endpoint("organisations", PageTypeListingViewSet.listing_of(OrganisationPage))
api_router.register_endpoint("images", ImagesViewSet)
api_router.register_endpoint("documents", DocumentsViewSet)
api_router.register_endpoint("news", NewsViewSet)
api_router.register_endpoint("knowledge", KnowledgeViewSet)
api_router.register_endpoint("videos", VideosViewSet)
api_router.register_endpoint("topics", TopicsViewSet)
