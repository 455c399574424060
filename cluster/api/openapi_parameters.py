"""The query parameters in the OpenAPI document: PARAMETERS describes each one a viewset
accepts, and the fields it filters by."""

from typing import get_args

from django.conf import settings
from django.db import models

from wagtail.api.rich_text import APIRichText, RichTextOutputFormat

from cluster.api.openapi_common import STRING, SchemaError, filterable_fields, model_label
from cluster.api.parameters import ID_MIN, INTEGER_MAX, integer_range, query_parameter_ranges


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
    from cluster.api.search_filter import SEARCH_MAX_LENGTH

    schema = {"type": "string", "maxLength": SEARCH_MAX_LENGTH}
    return schema, (
        "Full-text search in English, Chinese and Spanish; results are ordered by relevance "
        "unless `order` is given."
    )


def search_operator_parameter(builder, endpoint, served):
    from cluster.api.search_filter import SEARCH_OPERATORS

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
        "Comma-separated fields to add to the default ones (`title,summary`), or `*` for all "
        "a listing can hold. Fields cannot be removed (`-name` and `_` are a 400): every item "
        "has the fields its schema requires.",
    ),
    "order": order_parameter,
    "search": search_parameter,
    "search_operator": search_operator_parameter,
    "rich_text_format": rich_text_format_parameter,
    "_": fixed(STRING, "Ignored: lets a client bypass caches."),
    "format": fixed({"type": "string", "enum": ["json"]}, "JSON, the only format."),
    "locale": fixed(
        {"anyOf": [{"$ref": "#/components/schemas/Locale"}, {"const": "all"}]},
        "A content language (images and documents have none and ignore it). A listing is in "
        "one language: this one, by default the source "
        "language (`en`), or every language with `all` (`translation_of=` alone lists every "
        "other language). A detail: only if it is in this language. In `find/`: the language "
        "of the item to find. Any other value is a 400.",
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


class ParameterSchemas:
    """DocumentBuilder's methods for query parameters."""

    def parameter(self, name, endpoint, served, where="query"):
        describe = PARAMETERS.get(name)
        if describe is None:
            raise SchemaError(
                f"{endpoint.__name__} accepts ?{name}= but the document does not describe it: "
                "add it to PARAMETERS in cluster/api/openapi_parameters.py"
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
