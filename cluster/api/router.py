"""The API router, which also says which endpoints it has."""

from django.conf import settings
from django.utils.module_loading import import_string

from wagtail.api.v2.router import WagtailAPIRouter


def configured_router():
    """The project's router, named by the `API_ROUTER` setting (as Django finds the URLconf by
    `ROOT_URLCONF`): the project (cms/api.py) builds it from the views, so the app does not
    import the project. Imported when first asked for, after the views are loaded."""
    return import_string(settings.API_ROUTER)


class EndpointRouter(WagtailAPIRouter):
    """Wagtail's router, with `endpoints`: {name: viewset class} in the order registered.
    Wagtail's router keeps them in a private attribute and lists them nowhere public; the
    OpenAPI document and the response cache need them all."""

    def __init__(self, url_namespace):
        super().__init__(url_namespace)
        self.endpoints = {}

    def register_endpoint(self, name, class_):
        super().register_endpoint(name, class_)
        self.endpoints[name] = class_
