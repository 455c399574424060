"""The router says which endpoints it has, as Wagtail routes them."""

from django.urls import reverse

from wagtail.api.rich_text import APIRichText

from cluster.api.openapi_parameters import rich_text_format_parameter
from cms.api import api_router


def test_the_router_lists_every_endpoint_it_routes():
    assert list(api_router.endpoints) == [
        "pages",
        "cities",
        "organisations",
        "images",
        "documents",
        "news",
        "knowledge",
        "videos",
        "topics",
    ]
    for name, endpoint in api_router.endpoints.items():
        assert reverse(f"{api_router.url_namespace}:{name}:listing") == f"/api/v2/{name}/"
        page_type = getattr(endpoint, "page_type", None)
        if page_type is None:
            assert api_router.get_model_endpoint(endpoint.model)[1] is endpoint
        else:  # a listing of one page type: its pages' endpoint stays `pages/`
            assert api_router.get_model_endpoint(page_type)[0] == "pages"


def test_the_rich_text_formats_offered_are_those_wagtail_accepts():
    schema, _description = rich_text_format_parameter(None, None, None)
    assert schema["enum"]
    for rich_text_format in schema["enum"]:
        assert APIRichText.resolve_format(rich_text_format) == rich_text_format
