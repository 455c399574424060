"""Wagtail's stock v2 API on the benchmark's data (variant c), registered as an out-of-the-box
setup would: `PagesAPIViewSet` for pages, and for news the smallest `BaseAPIViewSet` subclass
that serves a translatable snippet correctly, with Wagtail's own `LocaleFilter` for `?locale=`
and only live items (v2 ships no snippet endpoint, so this is what a stock project writes).
The serializers of the fields whose shape is the project's own come, as they would from the
models' `api_fields` in a stock project, from cluster/api/field_serializers.py."""

from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from cluster.api.field_serializers import field_serializers
from cluster.models import NewsItem

PREFIX = "/bench/stock/api/v2/"


class ProjectFieldShapes:
    @classmethod
    def get_field_serializer_overrides(cls, model):
        return {**super().get_field_serializer_overrides(model), **field_serializers(model)}


class StockPagesAPIViewSet(ProjectFieldShapes, PagesAPIViewSet):
    pass


class StockNewsAPIViewSet(ProjectFieldShapes, BaseAPIViewSet):
    model = NewsItem
    filter_backends = [FieldsFilter, OrderingFilter, LocaleFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        return self.model.objects.filter(live=True).order_by("id")


stock_router = WagtailAPIRouter("bench_stock_api")
stock_router.register_endpoint("pages", StockPagesAPIViewSet)
stock_router.register_endpoint("news", StockNewsAPIViewSet)
