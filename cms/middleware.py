from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from wagtail.users.models import UserProfile

ADMIN_PREFIX = "/admin/"  # cms/urls.py


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its work on the API: there it would turn every 404 into
    a redirect to /en/api/..., and the API picks its language from `?locale=`, not headers."""

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)


class AdminLanguageMiddleware:
    """The admin speaks each user's preferred admin language in every response, not only inside
    the views Wagtail localises: Wagtail's "Sorry, you do not have permission to access this
    area." is written after the view has returned, in the browser's language (English for a
    Chinese translator with an English browser). Below AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ADMIN_PREFIX) or not request.user.is_authenticated:
            return self.get_response(request)
        language = UserProfile.get_for_user(request.user).get_preferred_language()
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            return self.get_response(request)
