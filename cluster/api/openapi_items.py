"""The JSON schemas of the items in the OpenAPI document: each serializer field of a model's
detail and listing, as Wagtail's serializers write them."""

from rest_framework import fields as drf

from django.core.exceptions import FieldDoesNotExist

from wagtail.api.v2 import serializers as wagtail_fields
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField

from cluster.api.fields import INTEGER_ID, URL, ReadOnlyField, nullable, strict_object
from cluster.api.media_views import AbsoluteImageDownloadUrlField
from cluster.api.openapi_common import STRING, SchemaError, model_label, ref, served_models

ALL_FIELDS = [("*", False, None)]


def attribute_may_be_none(field, model):
    """Wagtail's serializer writes null, without asking the field, when the attribute is None."""
    if getattr(field, "allow_null", False):
        return True
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return model_field.concrete and model_field.null


class ItemSchemas:
    """DocumentBuilder's methods for serializer fields and items."""

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
        if isinstance(field, AbsoluteImageDownloadUrlField):
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
        # As the serializers write them: id, type (the discriminator), meta, the other fields.
        properties = {name: body.pop(name) for name in ["id"] if name in body}
        properties["type"] = {"type": "string", "const": model_label(model)}
        default_fields = {*default_fields, "type"}
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
        """{type label: reference to the item schema} of each model the endpoint serves."""
        refs = {}
        served = served_models(self.router, endpoint_name)
        # In `pages/`, whose items' own fields are optional, apart from the listings of one type.
        listing_item = "PagesListingItem" if len(served) > 1 else "ListingItem"
        for model in served:
            name = model.__name__ if detail else f"{model.__name__}{listing_item}"
            refs[model_label(model)] = self.component(
                name, self.item_schema(endpoint, model, detail)
            )
            if detail:
                self.detail_refs[model] = refs[model_label(model)]
        return refs

    @staticmethod
    def one_of(refs, description):
        """One of the item schemas `refs` ({type label: reference}), told apart by the top-level
        `type`: generated clients narrow an item to its type by comparing `item.type`."""
        if len(refs) == 1:
            return next(iter(refs.values()))
        return {
            "oneOf": list(refs.values()),
            "discriminator": {
                "propertyName": "type",
                "mapping": {label: ref["$ref"] for label, ref in refs.items()},
            },
            "description": description,
        }
