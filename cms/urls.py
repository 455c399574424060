from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cluster.api.redirect_views import RedirectsViewSet
from cluster.api.schema import openapi_schema_view
from cluster.api.sitemap_views import SitemapViewSet
from cluster.delivery.preview import preview_view

from .api import api_router

sitemap_view = SitemapViewSet.as_view({"get": "listing_view"})
redirects_view = RedirectsViewSet.as_view({"get": "listing_view"})

# The API stays outside i18n_patterns: inside, LocaleMiddleware would redirect every API 404.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/preview/", api_router.wrap_view(preview_view), name="api_preview"),
    path("api/v2/schema/", api_router.wrap_view(openapi_schema_view), name="api_schema"),
    path("api/v2/sitemap/", api_router.wrap_view(sitemap_view), name="api_sitemap"),
    path("api/v2/redirects/", api_router.wrap_view(redirects_view), name="api_redirects"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)

# Under /api/ the errors Django answers itself are JSON, like the endpoints' own.
handler400 = "cluster.api.errors.bad_request"
handler404 = "cluster.api.errors.page_not_found"
handler500 = "cluster.api.errors.server_error"
