"""The operations of the OpenAPI document: the router's listing, detail and find views, this
document and the draft preview, with their parameters and responses."""

from cluster.api.fields import URL, strict_object
from cluster.api.openapi_common import (
    OPENAPI_MEDIA_TYPE,
    STRING,
    SchemaError,
    error_response,
    json_response,
    model_label,
    ref,
    served_models,
)
from cluster.api.openapi_parameters import ID_PARAMETER
from cluster.api.openapi_sitemap import SITEMAP_OPERATIONS


class OperationSchemas:
    """DocumentBuilder's methods for operations."""

    def listing_operation(self, endpoint_name, endpoint):
        served = served_models(self.router, endpoint_name)
        items = self.one_of(
            self.item_refs(endpoint_name, endpoint, detail=False),
            "One of the page types, told apart by `type`.",
        )
        title = endpoint_name.capitalize()
        listing = self.component(
            f"{title}Listing",
            strict_object({"meta": ref("ListingMeta"), "items": {"type": "array", "items": items}}),
        )
        parameters = [
            self.parameter(name, endpoint, served)
            for name in sorted(endpoint.known_query_parameters)
        ]
        return {
            "operationId": f"{endpoint_name}_listing",
            "summary": f"List {endpoint_name}",
            "tags": [endpoint_name],
            "parameters": parameters + self.filter_parameters(endpoint, served),
            "responses": {
                "200": json_response(listing, "A page of items and the total count."),
                "400": error_response("A parameter is unknown or has a bad value."),
            },
        }

    def detail_operation(self, endpoint_name, endpoint):
        served = served_models(self.router, endpoint_name)
        item = self.one_of(
            self.item_refs(endpoint_name, endpoint, detail=True),
            "One of the page types, told apart by `type`.",
        )
        if len(served) > 1:
            item = self.component(f"{endpoint_name.capitalize()}Detail", item)
        return {
            "operationId": f"{endpoint_name}_detail",
            "summary": f"One of the {endpoint_name}, with every field",
            "tags": [endpoint_name],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": ID_PARAMETER},
                *(
                    self.parameter(name, endpoint, served)
                    for name in ["fields", "locale", "rich_text_format"]
                ),
            ],
            "responses": {
                "200": json_response(item, "The item."),
                "400": error_response("A parameter has a bad value."),
                "404": error_response("No live, public item has this id."),
            },
        }

    def find_operation(self, endpoint_name, endpoint):
        served = served_models(self.router, endpoint_name)
        names = sorted(endpoint.find_query_parameters) + ["locale"]
        return {
            "operationId": f"{endpoint_name}_find",
            "summary": f"Find one of the {endpoint_name} and redirect to its detail",
            "description": "Other parameters are passed on to the detail URL.",
            "tags": [endpoint_name],
            "parameters": [self.parameter(name, endpoint, served) for name in names],
            "responses": {
                **redirect_responses(endpoint_name),
                "400": error_response("A parameter has a bad value."),
                "404": error_response("Nothing matches."),
            },
        }

    @staticmethod
    def with_http_caching(operation, endpoint):
        """The router's endpoints answer with validators and freshness (api/caching.py)."""
        from cluster.delivery.caching import ResponseCacheMixin

        if not issubclass(endpoint, ResponseCacheMixin):
            return operation
        headers = {
            "ETag": {"schema": STRING, "description": "A validator for `If-None-Match`."},
            "Cache-Control": {"schema": STRING},
        }
        responses = operation["responses"]
        for status in ["200", "301", "302", "404"]:
            if status in responses:
                responses[status].setdefault("headers", {}).update(headers)
        responses["304"] = {
            "description": "Not modified: `If-None-Match` named the current `ETag`.",
            "headers": headers,
        }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    ROUTER_OPERATIONS = {
        "listing": listing_operation,
        "detail": detail_operation,
        "find": find_operation,
    }

    def router_operation(self, namespace, url_name):
        endpoint_name = namespace.rsplit(":", 1)[1]
        endpoint = self.router.endpoints[endpoint_name]
        build = self.ROUTER_OPERATIONS.get(url_name)
        if build is None:
            raise SchemaError(f"{endpoint.__name__} has a view {url_name!r} to describe")
        return self.with_http_caching(build(self, endpoint_name, endpoint), endpoint)

    def schema_operation(self):
        return {
            "operationId": "openapi_document",
            "summary": "This document",
            "tags": ["schema"],
            "responses": {
                "200": {
                    "description": "The OpenAPI document; cacheable, revalidated by `ETag`.",
                    "headers": {"ETag": {"schema": STRING}, "Cache-Control": {"schema": STRING}},
                    "content": {OPENAPI_MEDIA_TYPE: {"schema": {"type": "object"}}},
                },
                "304": {"description": "Not modified (`If-None-Match` named the current ETag)."},
            },
        }

    def preview_operation(self):
        from cluster.delivery.preview import FrontendPreviewMixin

        previewable = [m for m in self.detail_refs if issubclass(m, FrontendPreviewMixin)]
        draft = self.one_of(
            {model_label(model): self.detail_refs[model] for model in previewable},
            "The draft, as its published detail would show it; told apart by `type`.",
        )
        content_types = sorted(model._meta.label_lower for model in previewable)
        return {
            "operationId": "preview",
            "summary": "A draft an editor is previewing, as its detail",
            "description": "The admin's Preview opens the frontend with `content_type` and a "
            "short-lived `token`; responses are never cached (`Cache-Control: no-store`).",
            "tags": ["preview"],
            "parameters": [
                {
                    "name": "content_type",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "enum": content_types},
                },
                {"name": "token", "in": "query", "required": True, "schema": STRING},
                self.parameter("fields", None, []),
            ],
            "responses": {
                "200": json_response(draft, "The draft."),
                "400": error_response("A parameter is missing, or the token is invalid."),
                "404": error_response("The draft or its object no longer exists."),
            },
        }

    OTHER_OPERATIONS = {
        "api_schema": schema_operation,
        "api_preview": preview_operation,
        **SITEMAP_OPERATIONS,
    }

    def operation(self, path, namespace, url_name):
        if namespace.startswith(f"{self.router.url_namespace}:"):
            return self.router_operation(namespace, url_name)
        if url_name in self.OTHER_OPERATIONS:
            return self.OTHER_OPERATIONS[url_name](self)
        raise SchemaError(f"{path} is served but the document does not describe it")


def redirect_responses(endpoint_name):
    """A find's 302 to the item's detail; for pages also a 301 (302 if temporary) from an old
    path with a redirect (redirect_views.py) to the detail of the page it leads to."""
    location = {"Location": {"required": True, "schema": URL}}
    found = {"description": "Found: `Location` is the item's detail URL.", "headers": location}
    if endpoint_name != "pages":
        return {"302": found}
    moved = {
        "description": "`html_path` is an old path of a page that moved or changed its slug: "
        "`Location` is the detail URL of the page now there (`GET redirects/` lists them).",
        "headers": location,
    }
    return {"301": moved, "302": found}
