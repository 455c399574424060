"""The sitemap and redirects endpoints in the OpenAPI document (sitemap_views.py,
redirect_views.py): operations registered in OperationSchemas.OTHER_OPERATIONS by URL name."""

from cluster.api.fields import INTEGER_ID, URL, locale_schema, nullable, strict_object
from cluster.api.openapi_common import error_response, json_response, ref, served_models

PATH = {"type": "string", "pattern": "^/"}
TIMESTAMP = {"type": "string", "format": "date-time"}


def listing_operation(builder, endpoint, name, item, summary, description):
    """A paginated listing of `item` under the API's envelope, with caching headers."""
    listing = builder.component(
        f"{name.capitalize()}Listing",
        strict_object({"meta": ref("ListingMeta"), "items": {"type": "array", "items": ref(item)}}),
    )
    operation = {
        "operationId": f"{name}_listing",
        "summary": summary,
        "description": description,
        "tags": [name],
        "parameters": [
            builder.parameter(parameter, endpoint, [])
            for parameter in sorted(endpoint.known_query_parameters)
        ],
        "responses": {
            "200": json_response(listing, "A page of items and the total count."),
            "400": error_response("A parameter is unknown or has a bad value."),
        },
    }
    return builder.with_http_caching(operation, endpoint)


def sitemap_operation(builder):
    from cluster.api.sitemap_views import SitemapViewSet, frontend_snippet_models

    address = {
        "locale": locale_schema(),
        "hreflang": {"type": "string", "description": "BCP 47, e.g. `zh-Hans`"},
        "html_path": PATH,
        "html_url": URL,
    }
    builder.component("SitemapAlternate", strict_object(address))
    models = served_models(builder.router, "pages") + frontend_snippet_models()
    types = [model._meta.label for model in models]
    builder.component(
        "SitemapEntry",
        strict_object(
            {
                "type": {"type": "string", "enum": sorted(set(types))},
                "id": INTEGER_ID,
                "locale": locale_schema(),
                "html_path": PATH,
                "html_url": URL,
                "lastmod": nullable(TIMESTAMP),
                "alternates": {"type": "array", "items": ref("SitemapAlternate")},
            }
        ),
    )
    return listing_operation(
        builder,
        SitemapViewSet,
        "sitemap",
        "SitemapEntry",
        "Every address the frontend serves content at, for sitemap.xml",
        "Every live page outside view restrictions, then every live news item, one item per "
        "language, each with its frontend URL, `lastmod` and its language versions "
        "(`alternates`, itself included) for `hreflang` links.",
    )


def redirects_operation(builder):
    from cluster.api.redirect_views import RedirectsViewSet

    builder.component(
        "Redirect",
        strict_object(
            {
                "id": INTEGER_ID,
                "old_path": {
                    "type": "string",
                    "description": "As Wagtail matches it: no trailing slash, parameters sorted.",
                },
                "is_permanent": {"type": "boolean"},
                "page_id": nullable(INTEGER_ID),
                "locale": nullable(locale_schema()),
                "new_path": nullable(PATH),
                "new_url": {"type": "string", "format": "uri-reference"},
            }
        ),
    )
    return listing_operation(
        builder,
        RedirectsViewSet,
        "redirects",
        "Redirect",
        "Redirects from old paths, for a frontend or a CDN to apply",
        "Wagtail records a permanent redirect when a live page's slug changes or a page moves; "
        "editors add others. A redirect to a page names it (`page_id`, `new_path`); one to "
        "another address has only `new_url`.",
    )


SITEMAP_OPERATIONS = {"api_sitemap": sitemap_operation, "api_redirects": redirects_operation}
