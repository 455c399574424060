"""URLs of the benchmark's servers (bench.settings): the project's own, plus what the API is
compared with: Wagtail's stock v2 API (c) and the plain Django view replaying its bytes (d)."""

from django.urls import path

from cms.urls import urlpatterns as project_urlpatterns

from .plain_view import captured_response
from .stock_api import stock_router

urlpatterns = [
    path("bench/stock/api/v2/", stock_router.urls),
    path("bench/plain/<slug:name>/", captured_response),
    *project_urlpatterns,
]
