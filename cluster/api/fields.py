"""Serializer fields that shape what the frontend receives for one value.

Each field states the JSON Schema (2020-12) of what it returns, next to the code that returns
it: the OpenAPI document at /api/v2/schema/ (api/schema.py) is built from these, and the tests
validate live responses against it, so a change here shows in the document or fails a test.
"""

from rest_framework import serializers

from django.apps import apps

from wagtail.blocks import ChoiceBlock, StructBlock

from cluster.api.media_visibility import shown
from cluster.facts import as_number
from cluster.languages import CONTENT_LANGUAGES
from cluster.models.frontend_urls import html_url
from cluster.renditions import HERO_RENDITIONS, existing_renditions

NULL = {"type": "null"}
URL = {"type": "string", "format": "uri"}
INTEGER_ID = {"type": "integer", "minimum": 1}


def nullable(schema):
    return {"anyOf": [schema, NULL]}


def strict_object(properties, optional=()):
    """An object with exactly these properties; all required except `optional` ones."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def locale_schema():
    return {"type": "string", "enum": CONTENT_LANGUAGES}


def choices_schema(model_label, field_name):
    field = apps.get_model(model_label)._meta.get_field(field_name)
    return {"type": "string", "enum": [value for value, _label in field.choices]}


class ReadOnlyField(serializers.Field):
    """The API only reads: every field of ours is read-only.

    `schema` is the JSON Schema of what `to_representation` returns (None is added by the
    document when the attribute itself may be None, e.g. an empty foreign key). The document
    names it after the class (`TopicsField` -> `Topics`) unless `schema_name` is None. A field
    whose shape depends on its arguments or its model overrides `json_schema()`.
    """

    schema = None

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    @property
    def schema_name(self):
        return type(self).__name__.removesuffix("Field")

    def json_schema(self, block_schema):
        """This field's schema (None: undeclared); `block_schema(block)` gives a block's."""
        return self.schema


class HeroImageField(ReadOnlyField):
    """An image with its renditions inline, so the frontend needs no second request::

        {"id": 3, "title": "Anyang", "alt": "...", "renditions": {
            "thumbnail": {"url": "http://.../anyang.fill-400x225.png", "width": 400, "height": 225},
            "card": {...}, "hero": {...}}}

    null when the image is in a collection the request may not see (media_visibility.py).
    With `alt_field`, the field reads the object (the page) and `alt` is that translatable field
    of it (e.g. `hero_image_alt`, so each language serves its own), or the image's description
    when it is empty; the image is the object's `source` attribute (`hero_image` by default).
    A rendition not made yet is null: the API reads the renditions prefetched with the image and
    never makes one (a request of anyone's would pay for decoding the original); they are made
    in the background when the image is saved or chosen (cluster/renditions.py).
    """

    def __init__(self, renditions=None, alt_field=None, image_field="hero_image", **kwargs):
        self.rendition_specs = renditions or HERO_RENDITIONS
        self.alt_field = alt_field
        self.image_field = image_field
        if alt_field:
            kwargs["source"] = "*"
        super().__init__(**kwargs)

    def json_schema(self, block_schema):
        rendition = strict_object(
            {"url": URL, "width": {"type": "integer"}, "height": {"type": "integer"}}
        )
        return strict_object(
            {
                "id": INTEGER_ID,
                "title": {"type": "string"},
                "alt": {"type": "string"},
                "renditions": strict_object(
                    {name: nullable(rendition) for name in self.rendition_specs}
                ),
            }
        )

    def to_representation(self, value):
        image = getattr(value, self.image_field) if self.alt_field else value
        if image is None or shown(image, self.context) is None:
            return None
        alt = getattr(value, self.alt_field) if self.alt_field else ""
        renditions = existing_renditions(image, self.rendition_specs.values())
        return {
            "id": image.pk,
            "title": image.title,
            "alt": alt or image.default_alt_text,
            "renditions": {
                name: rendition_size(renditions[spec])
                for name, spec in self.rendition_specs.items()
            },
        }


def rendition_size(rendition):
    """`{"url", "width", "height"}` of a rendition, or None for one not made yet."""
    if rendition is None:
        return None
    return {"url": rendition.full_url, "width": rendition.width, "height": rendition.height}


class LocationField(ReadOnlyField):
    """`{"latitude": 36.0976, "longitude": 114.3924}`, or null when unknown."""

    schema = nullable(
        strict_object(
            {
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            }
        )
    )

    def to_representation(self, page):
        if page.latitude is None or page.longitude is None:
            return None
        return {"latitude": as_number(page.latitude), "longitude": as_number(page.longitude)}


class TopicsField(ReadOnlyField):
    """`[{"id": 4, "slug": "webinars", "name": "Webinars"}]`: only published topics."""

    schema = {
        "type": "array",
        "items": strict_object(
            {"id": INTEGER_ID, "slug": {"type": "string"}, "name": {"type": "string"}}
        ),
    }

    def to_representation(self, topics):
        return [{"id": topic.pk, "slug": topic.slug, "name": topic.name} for topic in topics]


class LocaleCodeField(ReadOnlyField):
    """A translatable object's language code, e.g. `"zh-hans"` (the raw FK is `{id, meta}`)."""

    schema_name = "Locale"

    def json_schema(self, block_schema):
        return locale_schema()

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return instance.locale.language_code


class RecordingsField(ReadOnlyField):
    """`[{"platform": "youtube", "language": "en", "label": "...", "url": null}]`."""

    def json_schema(self, block_schema):
        return {
            "type": "array",
            "items": strict_object(
                {
                    "platform": choices_schema("cluster.Recording", "platform"),
                    "language": choices_schema("cluster.Recording", "language"),
                    "label": {"type": "string"},
                    "url": nullable(URL),
                }
            ),
        }

    def to_representation(self, recordings):
        return [
            {
                "platform": recording.platform,
                "language": recording.language,
                "label": recording.label,
                "url": recording.url or None,
            }
            for recording in recordings.all()
        ]


class RelatedNewsField(ReadOnlyField):
    """`{"id": 7, "slug": "...", "title": "..."}` of a live news item, else null."""

    schema = nullable(
        strict_object({"id": INTEGER_ID, "slug": {"type": "string"}, "title": {"type": "string"}})
    )

    def to_representation(self, news_item):
        if not news_item.live:
            return None
        return {"id": news_item.pk, "slug": news_item.slug, "title": news_item.title}


class DocumentLinkField(ReadOnlyField):
    """`{"id": 2, "title": "...", "download_url": "http://.../documents/2/report.pdf"}`, or null
    when the document is in a collection the request may not see (media_visibility.py)."""

    schema = strict_object({"id": INTEGER_ID, "title": {"type": "string"}, "download_url": URL})

    def to_representation(self, document):
        if shown(document, self.context) is None:
            return None
        request = self.context["request"]
        return {
            "id": document.pk,
            "title": document.title,
            "download_url": request.build_absolute_uri(document.url),
        }


class BlockValuesField(ReadOnlyField):
    """A StreamField of one block type as a plain list of its blocks' API representations:
    `[{"key": "population", "value": 5192200, ...}]` rather than `[{"type", "value", "id"}]`."""

    schema_name = None  # one per StreamField: described inline

    def json_schema(self, block_schema):
        stream_block = self.parent.Meta.model._meta.get_field(self.source).stream_block
        items = [block_schema(block) for block in stream_block.child_blocks.values()]
        return {"type": "array", "items": items[0] if len(items) == 1 else {"anyOf": items}}

    def to_representation(self, stream):
        blocks_by_type = stream.stream_block.child_blocks
        return [
            block.get_api_representation(block_value(block, raw["value"]), context=self.context)
            for raw in stream.raw_data
            for block in [blocks_by_type[raw["type"]]]
        ]


def block_value(block, raw):
    """`block.to_python(raw)`, minus `ChoiceBlock.to_python` for a string: it returns that very
    string, after evaluating every translated label of the block's choices, which took a third
    of the time of a 20-city listing (two choice fields per fact)."""
    if not isinstance(block, StructBlock):
        return block.to_python(raw)
    # `meta.value_class` (a documented StructBlock option) is what Wagtail's own to_python uses.
    return block.meta.value_class(
        block,
        [
            (
                name,
                (
                    raw[name]
                    if isinstance(child, ChoiceBlock) and isinstance(raw.get(name), str)
                    else child.to_python(raw[name])
                )
                if name in raw
                else child.get_default(),
            )
            for name, child in block.child_blocks.items()
        ],
    )


class TranslationMetaField(ReadOnlyField):
    """Reads the view's TranslationIndex, built once per listing page (see api/translations.py)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return self.represent(instance, self.context["view"].translation_index(instance))


class TranslationsField(TranslationMetaField):
    """Every other published language version, for a language switcher and `hreflang` links:
    `[{"locale": "es", "id": 31, "slug": "...", "html_path": "/es/.../", "html_url": "https://..."}]`
    (`html_path` and `html_url`, the frontend's address, on pages only)."""

    def json_schema(self, block_schema):
        return {
            "type": "array",
            "items": strict_object(
                {
                    "locale": locale_schema(),
                    "id": INTEGER_ID,
                    "slug": {"type": "string"},
                    "html_path": {"type": "string", "pattern": "^/"},
                    "html_url": URL,
                },
                optional=["html_path", "html_url"],
            ),
        }

    def represent(self, instance, index):
        versions = []
        for version in index.other_versions(instance):
            item = {"locale": version.locale, "id": version.id, "slug": version.slug}
            if version.html_path is not None:
                item["html_path"] = version.html_path
                item["html_url"] = html_url(version.locale, version.html_path)
            versions.append(item)
        return versions


class TranslationStatusField(TranslationMetaField):
    """`{"state": "translated", "share": 1.0, "source_locale": "en"}`."""

    def json_schema(self, block_schema):
        from cluster.translation import progress

        # Everything but `missing`: the API serves only objects that exist in a language.
        states = [state for state in progress.STATES if state != progress.MISSING]
        return strict_object(
            {
                "state": {"type": "string", "enum": states},
                "share": {"type": "number", "minimum": 0, "maximum": 1},
                "source_locale": locale_schema(),
            }
        )

    def represent(self, instance, index):
        status = index.status(instance)
        return {"state": status.state, "share": status.share, "source_locale": status.source_locale}


class ServedLocaleField(TranslationMetaField):
    """The language the item's text is really in."""

    schema_name = "Locale"

    def json_schema(self, block_schema):
        return locale_schema()

    def represent(self, instance, index):
        return index.status(instance).served_locale


class IsFallbackField(TranslationMetaField):
    """True when the item stands in its language's place with the source language's text."""

    schema = {"type": "boolean"}
    schema_name = None

    def represent(self, instance, index):
        return index.status(instance).served_locale != instance.locale.language_code


class OptionalURLField(ReadOnlyField):
    """A URL, or null when none is set (never an empty string)."""

    schema = nullable(URL)

    def to_representation(self, url):
        return url or None


class VideoPlatformField(ReadOnlyField):
    """A video's address on one platform with its embeddable player, or null when the video is
    not there: `{"url": "https://youtu.be/dQw4w9WgXcQ",
    "player_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"}`. `player_url` is null
    only for an address saved before addresses were validated."""

    schema = nullable(strict_object({"url": URL, "player_url": nullable(URL)}))

    def __init__(self, player_url, **kwargs):
        self.player_url = player_url
        super().__init__(**kwargs)

    def to_representation(self, url):
        if not url:
            return None
        return {"url": url, "player_url": self.player_url(url)}
