"""URLs of the benchmark server (cms.settings.bench): the project's own, plus what the benchmark
compares the API with. Never part of the project's URLconf."""

from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from cluster.benchmark.views import captured_response
from cluster.models import NewsItem

from .urls import urlpatterns as project_urlpatterns


class StockNewsAPIViewSet(BaseAPIViewSet):
    """What a stock v2 setup has for a snippet: Wagtail ships no snippet endpoint, so the smallest
    `BaseAPIViewSet` subclass its documentation describes."""

    model = NewsItem


# Wagtail's stock v2 API on the same data, as an out-of-the-box setup would register it.
stock_router = WagtailAPIRouter("bench_stock_api")
stock_router.register_endpoint("pages", PagesAPIViewSet)
stock_router.register_endpoint("news", StockNewsAPIViewSet)

urlpatterns = [
    path("bench/stock/api/v2/", stock_router.urls),
    path("bench/plain/<slug:name>/", captured_response),
    *project_urlpatterns,
]
