from django.middleware.locale import LocaleMiddleware


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its work on the API: there it would turn every 404 into
    a redirect to /en/api/..., and the API picks its language from `?locale=`, not headers."""

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
