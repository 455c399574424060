"""The API router, which also says which endpoints it has."""

from wagtail.api.v2.router import WagtailAPIRouter


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
