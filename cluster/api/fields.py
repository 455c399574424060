"""Serializer fields that shape what the frontend receives for one value."""

from rest_framework import serializers

from ..facts import as_number


class ReadOnlyField(serializers.Field):
    """The API only reads: every field of ours is read-only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


HERO_RENDITIONS = {
    "thumbnail": "fill-400x225",
    "card": "fill-800x450",
    "hero": "fill-1600x900",
}


class HeroImageField(ReadOnlyField):
    """An image with its renditions inline, so the frontend needs no second request::

        {"id": 3, "title": "Anyang", "alt": "...", "renditions": {
            "thumbnail": {"url": "http://.../anyang.fill-400x225.png", "width": 400, "height": 225},
            "card": {...}, "hero": {...}}}

    Renditions come from `image.get_renditions`, which reads prefetched renditions and creates the
    missing ones in one go; the pipeline creates them at import time.
    """

    def __init__(self, renditions=None, **kwargs):
        self.rendition_specs = renditions or HERO_RENDITIONS
        super().__init__(**kwargs)

    def to_representation(self, image):
        renditions = image.get_renditions(*self.rendition_specs.values())
        return {
            "id": image.pk,
            "title": image.title,
            "alt": image.default_alt_text,
            "renditions": {
                name: {
                    "url": renditions[spec].full_url,
                    "width": renditions[spec].width,
                    "height": renditions[spec].height,
                }
                for name, spec in self.rendition_specs.items()
            },
        }


class LocationField(ReadOnlyField):
    """`{"latitude": 36.0976, "longitude": 114.3924}`, or null when unknown."""

    def to_representation(self, page):
        if page.latitude is None or page.longitude is None:
            return None
        return {"latitude": as_number(page.latitude), "longitude": as_number(page.longitude)}


class TopicsField(ReadOnlyField):
    """`[{"id": 4, "slug": "webinars", "name": "Webinars"}]`: only published topics."""

    def to_representation(self, topics):
        return [{"id": topic.pk, "slug": topic.slug, "name": topic.name} for topic in topics]


class LocaleCodeField(ReadOnlyField):
    """A translatable object's language code, e.g. `"zh-hans"` (the raw FK is `{id, meta}`)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return instance.locale.language_code


class RecordingsField(ReadOnlyField):
    """`[{"platform": "youtube", "language": "en", "label": "...", "url": null}]`."""

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

    def to_representation(self, news_item):
        if not news_item.live:
            return None
        return {"id": news_item.pk, "slug": news_item.slug, "title": news_item.title}


class DocumentLinkField(ReadOnlyField):
    """`{"id": 2, "title": "...", "download_url": "http://.../documents/2/report.pdf"}`."""

    def to_representation(self, document):
        request = self.context["request"]
        return {
            "id": document.pk,
            "title": document.title,
            "download_url": request.build_absolute_uri(document.url),
        }


class BlockValuesField(ReadOnlyField):
    """A StreamField of one block type as a plain list of its blocks' API representations:
    `[{"key": "population", "value": 5192200, ...}]` rather than `[{"type", "value", "id"}]`."""

    def to_representation(self, stream):
        return [
            child.block.get_api_representation(child.value, context=self.context)
            for child in stream
        ]


class TranslationMetaField(ReadOnlyField):
    """Reads the view's TranslationIndex, built once per listing page (see api/translations.py)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return self.represent(instance, self.context["view"].translation_index(instance))


class TranslationsField(TranslationMetaField):
    """Every other published language version, for a language switcher and `hreflang` links:
    `[{"locale": "es", "id": 31, "slug": "ciudad-de-mexico", "html_path": "/es/.../"}]`
    (`html_path` on pages only)."""

    def represent(self, instance, index):
        versions = []
        for version in index.other_versions(instance):
            item = {"locale": version.locale, "id": version.id, "slug": version.slug}
            if version.html_path is not None:
                item["html_path"] = version.html_path
            versions.append(item)
        return versions


class TranslationStatusField(TranslationMetaField):
    """`{"state": "translated", "share": 1.0, "source_locale": "en"}`."""

    def represent(self, instance, index):
        status = index.status(instance)
        return {"state": status.state, "share": status.share, "source_locale": status.source_locale}


class ServedLocaleField(TranslationMetaField):
    """The language the item's text is really in."""

    def represent(self, instance, index):
        return index.status(instance).served_locale


class IsFallbackField(TranslationMetaField):
    """True when the item stands in its language's place with the source language's text."""

    def represent(self, instance, index):
        return index.status(instance).served_locale != instance.locale.language_code
