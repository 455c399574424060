"""The OpenAPI 3.1 document of the public API, served at `GET /api/v2/schema/`.

Why not a generic generator (drf-spectacular): Wagtail's v2 endpoints are not DRF generic views.
Their fields come from each model's `api_fields`, from `?fields=` and, for pages, from `?type=`
at request time, so a generator sees neither the page types nor their fields. The document is
derived from what the project declares instead:

- paths: every view mounted under /api/v2/ (the router's listing, detail and find views, this
  document, the draft preview); a view there that this module cannot describe is an error;
- query parameters: each viewset's `known_query_parameters`, described in PARAMETERS
  (openapi_parameters.py; an undescribed one is an error), and the fields it filters and orders by;
- items: for every model an endpoint serves (each page type), the fields of the serializers
  Wagtail builds for its detail and its listing. Our own serializer fields carry their schema
  (cluster/api/fields.py); Wagtail's and DRF's fields (openapi_items.py) and StreamField blocks
  (openapi_blocks.py) are mapped in this package. The operations are in openapi_operations.py.

`required` lists what a response holds by default: every field in a detail, the default fields
in a listing item (`fields=` adds or removes some). Items allow no other property. The document
is built once per process, on the first request.
"""

import functools
import hashlib
import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from cluster.api.fields import NULL, locale_schema, nullable, strict_object
from cluster.api.openapi_blocks import BlockSchemas
from cluster.api.openapi_common import OPENAPI_MEDIA_TYPE, STRING, SchemaError, ref
from cluster.api.openapi_items import ItemSchemas
from cluster.api.openapi_operations import OperationSchemas
from cluster.api.openapi_parameters import ParameterSchemas

API_ROOT = "/api/v2/"
SCHEMA_MAX_AGE = 3600  # seconds; the ETag lets clients revalidate for free afterwards
API_DESCRIPTION = """Read-only, multilingual content of the Cities Cluster: pages (one schema per
page type, told apart by the top-level `type`), news, knowledge products, videos, topics, images and
documents. Only live, public objects are served. `?locale=` chooses a language and every item
says in `meta` which language it is in, its other language versions and how complete its
translation is. A listing item holds the default fields (`fields=*`: all but the detail-only
ones); a detail holds every field. A bad parameter gets a 400 and a missing object a 404, both
with `{"message": "..."}`."""


def route_of(pattern):
    """A URL pattern's route as an OpenAPI path fragment: `<int:pk>/` -> `{id}/`."""
    route = str(pattern).removeprefix("^").removesuffix("$").replace("\\", "")
    route = re.sub(r"<(?:\w+:)?pk>|\(\?P<pk>[^)]*\)", "{id}", route)
    return re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", lambda m: f"{{{m[1] or m[2]}}}", route)


def api_views():
    """(OpenAPI path, namespace, URL name) of every view mounted under /api/v2/, in the order
    Django resolves them."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            path = prefix + route_of(entry.pattern)
            if not (API_ROOT.startswith(path) or path.startswith(API_ROOT)):
                continue
            if isinstance(entry, URLResolver):
                walk(
                    entry.url_patterns, path, namespace + [entry.namespace] * bool(entry.namespace)
                )
            elif re.search(r"[()\[\]*+?|]", path):
                raise SchemaError(f"cannot describe the URL pattern {path}")
            else:
                found.append((path, ":".join(namespace), entry.name))

    walk(get_resolver().url_patterns, "/", [])
    return found


# --- The document ---------------------------------------------------------------------------


class DocumentBuilder(ItemSchemas, BlockSchemas, ParameterSchemas, OperationSchemas):
    def __init__(self, router):
        self.router = router
        self.components = {
            "Error": strict_object({"message": STRING}),
            "Locale": locale_schema(),
            "ListingMeta": strict_object({"total_count": {"type": "integer", "minimum": 0}}),
        }
        self.detail_refs = {}  # model -> $ref of its detail schema

    def component(self, name, schema):
        """Register `schema` as a named component and return a reference to it."""
        if self.components.setdefault(name, schema) != schema:
            raise SchemaError(f"two different schemas are both called {name}")
        return ref(name)

    def allows_null(self, schema):
        if "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[1]]
        return NULL in schema.get("anyOf", []) or schema.get("type") == "null"

    def nullable(self, schema):
        return schema if self.allows_null(schema) else nullable(schema)

    def paths(self):
        # Details first: the preview answers with their schemas.
        views = sorted(api_views(), key=lambda view: view[2] != "detail")
        paths = {path: {"get": self.operation(path, *view)} for path, *view in views}
        return dict(sorted(paths.items()))

    def document(self):
        paths = self.paths()
        return {
            "openapi": "3.1.0",
            "info": {
                "title": f"{settings.WAGTAIL_SITE_NAME} API",
                "version": "2",
                "description": API_DESCRIPTION,
            },
            "servers": [{"url": settings.WAGTAILAPI_BASE_URL}],
            "paths": paths,
            "components": {"schemas": dict(sorted(self.components.items()))},
        }


def build_document(router):
    """The OpenAPI document (a dict) of every view under /api/v2/, built afresh."""
    return DocumentBuilder(router).document()


@functools.cache
def document_json(router):
    return json.dumps(build_document(router), ensure_ascii=False).encode()


@require_safe
def openapi_schema_view(request):
    """`GET /api/v2/schema/`: the OpenAPI document. Mounted with the API router's `wrap_view`."""
    body = document_json(request.wagtailapi_router)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type=OPENAPI_MEDIA_TYPE
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=SCHEMA_MAX_AGE)
    return response
