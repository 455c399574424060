"""What the API says about languages: each item's other language versions and how complete its
translation is, computed for a whole listing page in one query (the published versions with
their source) when every item is in its source's language, three when some are translations.

`translation_status.state` is decided by `cluster.translation.progress.decide_status`, the one
implementation the admin's progress views and `manage.py translation_status` use too (its
docstring lists the states). `share` is the fraction of the current source's strings translated
into the item's language. `served_locale` is the language the text is really in: the source's
for an untranslated copy, with `is_fallback: true`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from cluster.models.frontend_urls import html_path
from cluster.translation.progress import (
    SOURCE_ORDER,
    Counts,
    Source,
    count_strings,
    count_translated,
    decide_status,
)


@dataclass(frozen=True)
class Version:
    id: int
    locale: str
    slug: str
    html_path: str | None
    last_published_at: object


class TranslationIndex:
    """Language versions and translation progress for a batch of objects of one endpoint."""

    def __init__(self, objects, versions_queryset):
        self.keys = {obj.translation_key for obj in objects}
        self.versions, self.sources = self._load_versions(versions_queryset)
        unpublished = self.keys - self.versions.keys()  # a preview of a draft
        if unpublished:
            self.sources |= self._load_sources(unpublished)
        # Items in their source's language (an English listing) need no strings counted.
        translated = {obj.translation_key for obj in objects if not self._is_source(obj)}
        self.strings = self._count_strings(translated) if translated else {}
        self.done = self._load_translated_counts(translated) if translated else {}
        self._statuses = {}

    def _load_versions(self, queryset):
        """The published versions of each object, and its source (read with them)."""
        versions, sources = defaultdict(list), {}
        is_page = issubclass(queryset.model, Page)
        fields = ["id", "translation_key", "slug", "locale__language_code", "last_published_at"]
        if is_page:
            fields.append("url_path")
        # One subquery for the three facts of the source: each costs its compilation, and the
        # database runs each once per row.
        source = (
            TranslationSource.objects.filter(object_id=OuterRef("translation_key"))
            .order_by(*SOURCE_ORDER)
            .values(
                facts=JSONObject(
                    id="id", language="locale__language_code", synchronised="last_updated_at"
                )
            )[:1]
        )
        rows = (
            queryset.filter(translation_key__in=self.keys)
            .annotate(source=Subquery(source, output_field=JSONField()))
            .values(*fields, "source")
        )
        for row in rows:
            language = row["locale__language_code"]
            versions[row["translation_key"]].append(
                Version(
                    id=row["id"],
                    locale=language,
                    slug=row["slug"],
                    html_path=html_path(row["url_path"], language) if is_page else None,
                    last_published_at=row["last_published_at"],
                )
            )
            if row["source"] is not None:
                sources[row["translation_key"]] = source_from_json(row["source"])
        return versions, sources

    def _load_sources(self, keys):
        rows = (
            TranslationSource.objects.filter(object_id__in=keys)
            .order_by(*SOURCE_ORDER)
            .values_list("object_id", "id", "locale__language_code", "last_updated_at")
        )
        sources = {}
        for key, source_id, language, synchronised in rows:
            sources.setdefault(key, Source(source_id, language, synchronised))
        return sources

    def _count_strings(self, keys):
        return count_strings([self.sources[key].id for key in keys])

    def _load_translated_counts(self, keys):
        return count_translated(keys)

    def other_versions(self, obj):
        language = obj.locale.language_code
        return sorted(
            (v for v in self.versions.get(obj.translation_key, []) if v.locale != language),
            key=lambda v: v.locale,
        )

    def status(self, obj):
        """Asked three times per item (translation_status, served_locale, is_fallback)."""
        key = (obj.translation_key, obj.locale_id)
        if key not in self._statuses:
            self._statuses[key] = self._status(obj)
        return self._statuses[key]

    def _is_source(self, obj):
        source = self.sources.get(obj.translation_key)
        return source is None or source.language == obj.locale.language_code

    def _status(self, obj):
        language = obj.locale.language_code
        if self._is_source(obj):
            return decide_status(
                language,
                None,
                None,
                None,
                is_alias=False,
                published_at=None,
                source_published_at=None,
            )
        key = obj.translation_key
        return decide_status(
            language,
            self.sources[key],
            self.strings.get(key),
            self.done.get((key, language), Counts(0, 0)),
            is_alias=bool(getattr(obj, "alias_of_id", None)),
            published_at=obj.last_published_at,
            source_published_at=self._source_published_at(key),
        )

    def _source_published_at(self, key):
        source = self.sources[key]
        for version in self.versions.get(key, []):
            if version.locale == source.language:
                return version.last_published_at
        return None


def source_from_json(facts):
    """A Source from the JSON object the database built: its time is text there, with an offset
    on PostgreSQL and in UTC without one on SQLite."""
    synchronised = datetime.fromisoformat(facts["synchronised"])
    if synchronised.tzinfo is None:
        synchronised = synchronised.replace(tzinfo=UTC)
    return Source(facts["id"], facts["language"], synchronised)
