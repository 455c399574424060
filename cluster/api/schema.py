"""The OpenAPI 3.1 document of the public API, served at `GET /api/v2/schema/`.

Why not a generic generator (drf-spectacular): Wagtail's v2 endpoints are not DRF generic views.
Their fields come from each model's `api_fields`, from `?fields=` and, for pages, from `?type=`
at request time, so a generator sees neither the page types nor their fields. The document is
derived from what the project declares instead:

- paths: every view mounted under /api/v2/ (the router's listing, detail and find views, this
  document, the draft preview); a view there that this module cannot describe is an error;
- query parameters: each viewset's `known_query_parameters`, described in PARAMETERS below (an
  undescribed one is an error), and the fields it filters and orders by;
- items: for every model an endpoint serves (each page type), the fields of the serializers
  Wagtail builds for its detail and its listing. Our own serializer fields carry their schema
  (cluster/api/fields.py); Wagtail's and DRF's fields and StreamField blocks are mapped here.

`required` lists what a response holds by default: every field in a detail, the default fields
in a listing item (`fields=` adds or removes some). Items allow no other property. The document
is built once per process, on the first request.
"""

import functools
import hashlib
import json
import re
from typing import get_args

from rest_framework import fields as drf

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from wagtail import blocks
from wagtail.api.rich_text import APIRichText, RichTextOutputFormat
from wagtail.api.v2 import serializers as wagtail_fields
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from ..blocks import CaptionedImageBlock, CitedFigureBlock, FactBlock, PlayerEmbedBlock
from .fields import INTEGER_ID, NULL, URL, ReadOnlyField, locale_schema, nullable, strict_object
from .parameters import ID_MIN, INTEGER_MAX, integer_range, query_parameter_ranges

API_ROOT = "/api/v2/"
OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json"
SCHEMA_MAX_AGE = 3600  # seconds; the ETag lets clients revalidate for free afterwards
STRING = {"type": "string"}
ALL_FIELDS = [("*", False, None)]
API_DESCRIPTION = """Read-only, multilingual content of the Cities Cluster: pages (one schema per
page type, told apart by `meta.type`), news, knowledge products, videos, topics, images and
documents. Only live, public objects are served. `?locale=` chooses a language and every item
says in `meta` which language it is in, its other language versions and how complete its
translation is. A listing item holds the default fields (`fields=*`: all but the detail-only
ones); a detail holds every field. A bad parameter gets a 400 and a missing object a 404, both
with `{"message": "..."}`."""


class SchemaError(Exception):
    """Something the API serves that the document cannot describe: describe it here."""


# --- Blocks with an API representation of their own -----------------------------------------


def choice_values(block):
    return [value for value, _label in block.field.choices if value != ""]


def fact_schema(block):
    children = block.child_blocks
    return strict_object(
        {
            "key": {"type": "string", "enum": choice_values(children["key"])},
            "label": STRING,
            "value": {"type": "number"},
            "unit": {"type": "string", "enum": choice_values(children["unit"])},
            "year": nullable({"type": "integer"}),
            "source": STRING,
            "note": STRING,
        }
    )


def cited_figure_schema(block):
    return strict_object(
        {
            "value": {"type": "number"},
            "unit": {"type": "string", "enum": choice_values(block.child_blocks["unit"])},
            "measure": STRING,
            "source": STRING,
            "year": {"type": "integer"},
            "period": STRING,
            "source_url": nullable(URL),
        }
    )


def captioned_image_schema(block):
    rendition = strict_object(
        {"url": URL, "width": {"type": "integer"}, "height": {"type": "integer"}, "alt": STRING}
    )
    return strict_object({"image": nullable(rendition), "caption": STRING, "credit": STRING})


def player_embed_schema(block):
    return {
        **strict_object(
            {
                "url": URL,
                "provider": nullable(STRING),
                "type": nullable(STRING),
                "html": nullable({"type": "string", "contentMediaType": "text/html"}),
                "width": nullable({"type": "integer"}),
                "height": nullable({"type": "integer"}),
            }
        ),
        "description": "An embedded video or other media with its player (`html`, an iframe); "
        "everything but `url` is null when no provider knows the address.",
    }


BLOCK_SCHEMAS = {
    FactBlock: fact_schema,
    CitedFigureBlock: cited_figure_schema,
    CaptionedImageBlock: captioned_image_schema,
    PlayerEmbedBlock: player_embed_schema,
}


# --- Query parameters -----------------------------------------------------------------------


def fixed(schema, description):
    return lambda builder, endpoint, served: (schema, description)


def page_type_parameter(builder, endpoint, served):
    labels = ", ".join(f"`{model_label(model)}`" for model in served)
    return STRING, (
        f"Only pages of this type ({labels}); with one type, its fields can be requested, "
        "filtered and ordered by. Several types, comma-separated, give only the common fields."
    )


def kind_parameter(builder, endpoint, served):
    [model] = served
    kinds = [value for value, _label in model._meta.get_field("kind").choices]
    return {"type": "string", "enum": kinds}, "Only items of this kind."


def order_parameter(builder, endpoint, served):
    names = sorted({name for model in served for name in filterable_fields(endpoint, model)})
    return STRING, (
        "Comma-separated field names to order by, `-` before a name for descending order, or "
        f"`random`. Fields: {', '.join(names)} (a page type's own fields with `type=`)."
    )


def integer_schema(minimum, maximum):
    """The integers a parameter takes, as parameters.py checks them."""
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def checked_integer(name, description):
    """A parameter of parameters.query_parameter_ranges(), with `root` where it is taken."""

    def describe(builder, endpoint, served):
        minimum, maximum, words = query_parameter_ranges()[name]
        schema = integer_schema(minimum, maximum)
        if words:
            schema = {"anyOf": [schema, *({"const": word} for word in words)]}
        return schema, description

    return describe


def limit_parameter(builder, endpoint, served):
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    schema = {"type": "integer", "minimum": 0, "maximum": limit_max, "default": min(20, limit_max)}
    return schema, f"How many items to return (at most {limit_max})."


def search_parameter(builder, endpoint, served):
    from .search import SEARCH_MAX_LENGTH

    schema = {"type": "string", "maxLength": SEARCH_MAX_LENGTH}
    return schema, (
        "Full-text search in English, Chinese and Spanish; results are ordered by relevance "
        "unless `order` is given."
    )


def search_operator_parameter(builder, endpoint, served):
    from .search import SEARCH_OPERATORS

    schema = {"type": "string", "enum": list(SEARCH_OPERATORS), "default": "and"}
    return schema, "`and`: every search term must match; `or`: any."


def rich_text_format_parameter(builder, endpoint, served):
    formats = sorted(get_args(RichTextOutputFormat))  # Wagtail's public type of the formats
    schema = {"type": "string", "enum": formats, "default": APIRichText.get_default_format()}
    return schema, "The format of rich text fields and blocks."


ID_PARAMETER = integer_schema(ID_MIN, INTEGER_MAX)

PARAMETERS = {
    "limit": limit_parameter,
    "offset": fixed({**integer_schema(0, INTEGER_MAX), "default": 0}, "How many items to skip."),
    "fields": fixed(
        STRING,
        "Comma-separated fields to add to the default ones (`title,summary`), `-name` to remove "
        "one, `*` for all, `_` for none but those listed. Responses that leave out a default "
        "field lack a key the schema requires.",
    ),
    "order": order_parameter,
    "search": search_parameter,
    "search_operator": search_operator_parameter,
    "rich_text_format": rich_text_format_parameter,
    "_": fixed(STRING, "Ignored: lets a client bypass caches."),
    "format": fixed(
        {"type": "string", "enum": ["json", "api"]},
        "`api` answers an HTML page for people browsing the API; the default is JSON.",
    ),
    "locale": fixed(
        {"$ref": "#/components/schemas/Locale"},
        "A content language. In a listing: only items in this language. In `find/`: the "
        "language of an `html_path` without prefix. Any other value is a 400.",
    ),
    "type": page_type_parameter,
    "child_of": checked_integer("child_of", "Only the children of this page (`root`: the site's)."),
    "descendant_of": checked_integer("descendant_of", "Only the descendants of this page."),
    "ancestor_of": checked_integer("ancestor_of", "Only the ancestors of this page."),
    "translation_of": checked_integer(
        "translation_of", "Only the other language versions of this page."
    ),
    "site": fixed(
        STRING, "The site (`hostname` or `hostname:port`) whose pages to list; default: this one."
    ),
    "kind": kind_parameter,
    "topic": fixed(STRING, "Only items tagged with this topic slug (comma-separated: any)."),
    "date_from": fixed(
        {"type": "string", "format": "date"}, "Only items dated on or after this day."
    ),
    "date_to": fixed(
        {"type": "string", "format": "date"}, "Only items dated on or before this day."
    ),
    "id": checked_integer("id", "The id of the item to find."),
    "html_path": fixed(
        STRING,
        "The path of the page on the site, with its language prefix (`/es/turismo-.../`); a path "
        "without one is looked up in `locale` (default English).",
    ),
}


# --- Helpers --------------------------------------------------------------------------------


def model_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def filterable_fields(endpoint, model):
    """The fields `?name=value` filters on and `order=` accepts: database fields in the API."""
    return endpoint.get_available_fields(model, db_fields_only=True)


def served_models(router, endpoint_name):
    """The concrete models whose items the endpoint serves: each page type for `pages`."""
    return [
        model
        for model in apps.get_models()
        if model is not Page and (router.get_model_endpoint(model) or (None,))[0] == endpoint_name
    ]


def attribute_may_be_none(field, model):
    """Wagtail's serializer writes null, without asking the field, when the attribute is None."""
    if getattr(field, "allow_null", False):
        return True
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return model_field.concrete and model_field.null


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


def json_response(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_response(description):
    return json_response({"$ref": "#/components/schemas/Error"}, description)


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


# --- The document ---------------------------------------------------------------------------


class DocumentBuilder:
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

    # Fields

    def field_schema(self, field, model):
        if isinstance(field, ReadOnlyField):
            schema = field.json_schema(self.block_schema)
            if schema is None:
                raise SchemaError(
                    f"{model_label(model)}.{field.field_name}: {type(field).__name__} declares "
                    "no JSON schema (its `schema` attribute)"
                )
            if field.schema_name:
                schema = self.component(field.schema_name, schema)
        else:
            schema = self.library_field_schema(field, model)
        return self.nullable(schema) if attribute_may_be_none(field, model) else schema

    def library_field_schema(self, field, model):
        """Wagtail's and DRF's serializer fields, as Wagtail's serializers use them."""
        if isinstance(field, (wagtail_fields.PageTypeField, wagtail_fields.TypeField)):
            return {"type": "string", "const": model_label(model)}
        if isinstance(field, (wagtail_fields.DetailUrlField, DocumentDownloadUrlField)):
            return URL
        if isinstance(field, ImageDownloadUrlField):
            return {**STRING, "description": "The original file's URL, as the storage gives it."}
        if isinstance(field, wagtail_fields.PageHtmlUrlField):
            return nullable(URL)
        if isinstance(field, wagtail_fields.PageLocaleField):
            return ref("Locale")
        if isinstance(field, (wagtail_fields.PageParentField, wagtail_fields.PageAliasOfField)):
            return nullable(self.page_reference())
        if isinstance(field, wagtail_fields.TagsField):
            return {"type": "array", "items": STRING}
        if isinstance(field, wagtail_fields.RichTextFieldSerializer):
            return self.rich_text()
        if isinstance(field, wagtail_fields.StreamField):
            return self.block_schema(model._meta.get_field(field.source).stream_block)
        if isinstance(field, drf.ChoiceField):
            values = list(field.choices) + ([""] if field.allow_blank else [])
            return {"type": "string", "enum": values}
        if isinstance(field, drf.URLField):
            return {"anyOf": [URL, {"const": ""}]} if field.allow_blank else URL
        if isinstance(field, drf.CharField):
            return {**STRING, "maxLength": field.max_length} if field.max_length else STRING
        if isinstance(field, drf.BooleanField):
            return {"type": "boolean"}
        if isinstance(field, drf.IntegerField):
            return {"type": "integer"}
        if isinstance(field, drf.FloatField):
            return {"type": "number"}
        if isinstance(field, drf.DateTimeField):
            return {"type": "string", "format": "date-time"}
        if isinstance(field, drf.DateField):
            return {"type": "string", "format": "date"}
        raise SchemaError(
            f"{model_label(model)}.{field.field_name}: no JSON schema for "
            f"{type(field).__name__}; serve it with a field from cluster/api/fields.py"
        )

    def rich_text(self):
        return self.component(
            "RichText",
            {
                "type": "string",
                "contentMediaType": "text/html",
                "description": "Rich text as HTML with links and images expanded (or in the "
                "format `rich_text_format` asks for).",
            },
        )

    def page_reference(self):
        page_types = [model_label(model) for model in served_models(self.router, "pages")]
        meta = strict_object(
            {
                "type": {"type": "string", "enum": page_types},
                "detail_url": URL,
                "html_url": nullable(URL),
            }
        )
        return self.component(
            "PageReference", strict_object({"id": INTEGER_ID, "meta": meta, "title": STRING})
        )

    # Blocks

    def block_schema(self, block):
        own_class = not type(block).__module__.startswith("wagtail.")
        name = type(block).__name__.removesuffix("Block")
        explicit = BLOCK_SCHEMAS.get(type(block))
        if explicit is not None:
            schema = explicit(block)
        elif isinstance(block, blocks.RichTextBlock):  # ours is sanitized, still rich text
            return self.rich_text()
        elif own_class and self.has_own_api_representation(block):
            raise SchemaError(
                f"{type(block).__name__} has its own API representation: give it a schema in "
                "BLOCK_SCHEMAS (cluster/api/schema.py)"
            )
        elif isinstance(block, blocks.StreamBlock):
            schema = self.stream_items(block)
        elif isinstance(block, blocks.StructBlock):
            schema = strict_object(
                {child: self.block_schema(b) for child, b in block.child_blocks.items()}
            )
        else:
            return self.field_block_schema(block)
        return self.component(name, schema) if own_class else schema

    @staticmethod
    def has_own_api_representation(block):
        for cls in type(block).__mro__:
            if "get_api_representation" in vars(cls):
                return not cls.__module__.startswith("wagtail.")
        return False

    def field_block_schema(self, block):
        optional = not block.required
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text()
        if isinstance(block, blocks.ChoiceBlock):
            return {"type": "string", "enum": choice_values(block) + ([""] if optional else [])}
        if isinstance(block, EmbedBlock):
            return {**URL, "description": "The address of the embedded media."}
        if isinstance(block, blocks.URLBlock):
            return {"anyOf": [URL, {"const": ""}]} if optional else URL
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock, blocks.RegexBlock)):
            return STRING
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        simple = {
            blocks.IntegerBlock: {"type": "integer"},
            blocks.FloatBlock: {"type": "number"},
            blocks.DateBlock: {"type": "string", "format": "date"},
            ImageChooserBlock: INTEGER_ID,
        }
        for block_class, schema in simple.items():
            if isinstance(block, block_class):
                return nullable(schema) if optional else schema
        raise SchemaError(f"no JSON schema for the block {type(block).__name__}")

    def stream_items(self, stream_block):
        variants = [
            strict_object(
                {
                    "type": {"type": "string", "const": name},
                    "value": self.block_schema(child),
                    "id": {"type": "string", "format": "uuid"},
                }
            )
            for name, child in stream_block.child_blocks.items()
        ]
        return {"type": "array", "items": {"oneOf": variants}}

    # Items

    def serializer_fields(self, endpoint, model, fields_config, detail):
        serializer_class = endpoint.serializer_class_for_shape(
            self.router, model, fields_config, show_details=detail, nested=False
        )
        serializer = serializer_class()
        return serializer.fields, set(serializer.meta_fields)

    def item_schema(self, endpoint, model, detail):
        """The schema of one item: all the fields a detail (or a listing, with `fields=*`) can
        hold, the default ones required."""
        fields, meta_names = self.serializer_fields(
            endpoint, model, [] if detail else ALL_FIELDS, detail
        )
        default_fields, _meta = self.serializer_fields(endpoint, model, [], detail)
        body, meta = {}, {}
        for name, field in fields.items():
            (meta if name in meta_names else body)[name] = self.field_schema(field, model)
        meta_object = strict_object(meta)
        meta_object["required"] = [name for name in meta if name in default_fields]
        # As Wagtail writes them: id, meta, then the other fields.
        properties = {name: body.pop(name) for name in ["id"] if name in body}
        if meta:
            properties["meta"] = meta_object
        properties.update(body)
        schema = strict_object(properties)
        schema["required"] = [
            name
            for name in properties
            if name in default_fields or (name == "meta" and meta_object["required"])
        ]
        return schema

    def item_refs(self, endpoint_name, endpoint, detail):
        refs = []
        for model in served_models(self.router, endpoint_name):
            name = model.__name__ if detail else f"{model.__name__}ListingItem"
            refs.append(self.component(name, self.item_schema(endpoint, model, detail)))
            if detail:
                self.detail_refs[model] = refs[-1]
        return refs

    @staticmethod
    def one_of(refs, description):
        if len(refs) == 1:
            return refs[0]
        return {"oneOf": refs, "description": description}

    # Parameters

    def parameter(self, name, endpoint, served, where="query"):
        describe = PARAMETERS.get(name)
        if describe is None:
            raise SchemaError(
                f"{endpoint.__name__} accepts ?{name}= but the document does not describe it: "
                "add it to PARAMETERS in cluster/api/schema.py"
            )
        schema, description = describe(self, endpoint, served)
        return {"name": name, "in": where, "schema": schema, "description": description}

    def filter_parameters(self, endpoint, served):
        by_name = {}
        base = filterable_fields(endpoint, endpoint.model) if len(served) > 1 else []
        for model in served:
            for name in filterable_fields(endpoint, model):
                if name not in endpoint.known_query_parameters:
                    by_name.setdefault(name, []).append(model)
        parameters = []
        for name, owners in sorted(by_name.items()):
            description = f"Only items whose `{name}` equals this value."
            if len(served) > 1 and name not in base:
                types = ", ".join(f"`{model_label(model)}`" for model in owners)
                description += f" Needs `type=` one of: {types}."
            schema = self.filter_value_schema(owners[0], name)
            parameters.append(
                {"name": name, "in": "query", "schema": schema, "description": description}
            )
        return parameters

    @staticmethod
    def filter_value_schema(model, name):
        field = model._meta.get_field(name)
        bounds = integer_range(field)
        if bounds is not None:
            return integer_schema(*bounds)
        if field.is_relation:  # tags, by name
            return STRING
        if getattr(field, "choices", None):
            return {"type": "string", "enum": [value for value, _label in field.choices]}
        if isinstance(field, models.BooleanField):
            return {"type": "boolean"}
        if isinstance(field, models.DateTimeField):
            return {"type": "string", "format": "date-time"}
        if isinstance(field, models.DateField):
            return {"type": "string", "format": "date"}
        return STRING

    # Operations

    def listing_operation(self, endpoint_name, endpoint):
        served = served_models(self.router, endpoint_name)
        items = self.one_of(
            self.item_refs(endpoint_name, endpoint, detail=False),
            "One of the page types, told apart by `meta.type`.",
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
            "One of the page types, told apart by `meta.type`.",
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
                "302": {
                    "description": "Found: `Location` is the item's detail URL.",
                    "headers": {"Location": {"required": True, "schema": URL}},
                },
                "400": error_response("A parameter has a bad value."),
                "404": error_response("Nothing matches."),
            },
        }

    @staticmethod
    def with_http_caching(operation, endpoint):
        """The router's endpoints answer with validators and freshness (api/caching.py)."""
        from .caching import ResponseCacheMixin

        if not issubclass(endpoint, ResponseCacheMixin):
            return operation
        headers = {
            "ETag": {"schema": STRING, "description": "A validator for `If-None-Match`."},
            "Cache-Control": {"schema": STRING},
        }
        responses = operation["responses"]
        for status in ["200", "302", "404"]:
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
        from .preview import FrontendPreviewMixin

        previewable = [m for m in self.detail_refs if issubclass(m, FrontendPreviewMixin)]
        draft = self.one_of(
            [self.detail_refs[model] for model in previewable],
            "The draft, as its published detail would show it; told apart by `meta.type`.",
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

    OTHER_OPERATIONS = {"api_schema": schema_operation, "api_preview": preview_operation}

    def operation(self, path, namespace, url_name):
        if namespace.startswith(f"{self.router.url_namespace}:"):
            return self.router_operation(namespace, url_name)
        if url_name in self.OTHER_OPERATIONS:
            return self.OTHER_OPERATIONS[url_name](self)
        raise SchemaError(f"{path} is served but the document does not describe it")

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
