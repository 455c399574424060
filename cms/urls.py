import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve as serve_media_file

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cluster.api.redirect_views import RedirectsViewSet
from cluster.api.schema import openapi_schema_view
from cluster.api.sitemap_views import SitemapViewSet
from cluster.delivery.preview import preview_view

from .api import api_router
from .media_storage import PUBLIC_MEDIA_PREFIXES, serves_media_files

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

# Media on this server's disk (no bucket: one server only) are served here, also in production:
# the images under MEDIA_URL; documents only through Wagtail's serve view above, which checks
# their collection's privacy. With a bucket, its URLs are served by the bucket or its CDN.
if serves_media_files(settings):
    media_path = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [
        # One root per folder: `images/../documents/x.pdf` leaves its root and is refused.
        re_path(
            rf"^{media_path}{re.escape(folder)}(?P<path>.+)$",
            serve_media_file,
            {"document_root": settings.MEDIA_ROOT / folder},
        )
        for folder in PUBLIC_MEDIA_PREFIXES
    ]

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)

# Under /api/ the errors Django answers itself are JSON, like the endpoints' own.
handler400 = "cluster.api.errors.bad_request"
handler404 = "cluster.api.errors.page_not_found"
handler500 = "cluster.api.errors.server_error"
