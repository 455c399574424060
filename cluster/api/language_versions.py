"""What the API says about languages: each item's other language versions and how complete its
translation is, computed for a whole listing page in one query (the published versions with
their source) when every item is in its source's language, three when some are translations.

`translation_status.state` is one of:

- `source`: the object is original content (English, or written directly in its language);
- `translated`: every string of the current source is translated by a person;
- `machine`: complete, but some strings are machine translations nobody has reviewed yet;
- `outdated`: the source changed after the translation (new or changed strings have no
  translation yet, or the source was published after the translation was last synchronised);
- `untranslated`: the object exists in this language but holds the source text (a placeholder
  copy, e.g. a parent page created so that a child could be translated).

`share` is the fraction of the current source's strings translated into the item's language.
`served_locale` is the language the text is really in: the source's for an untranslated copy,
with `is_fallback: true`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import CharField, Count, Exists, JSONField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat, JSONObject

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from cluster.models.frontend_urls import html_path

SOURCE = "source"
TRANSLATED = "translated"
MACHINE = "machine"
OUTDATED = "outdated"
UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class Version:
    id: int
    locale: str
    slug: str
    html_path: str | None
    last_published_at: object


@dataclass(frozen=True)
class Source:
    id: int
    language: str
    synchronised: object


@dataclass(frozen=True)
class Counts:
    translated: int
    machine: int


@dataclass(frozen=True)
class Status:
    state: str
    share: float
    source_locale: str
    served_locale: str


# An object translated from two languages has two sources; the first one counts.
SOURCE_ORDER = ("created_at", "id")


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
        """{key: how many strings (string and context) its source has}, counted by the
        database. A paragraph repeated in a field is one string to translate, as the
        translation stores it once."""
        pair = Concat(Cast("string_id", CharField()), Value(":"), Cast("context_id", CharField()))
        rows = (
            StringSegment.objects.filter(source_id__in=[self.sources[key].id for key in keys])
            .values_list("source__object_id")
            .annotate(strings=Count(pair, distinct=True))
        )
        return dict(rows)

    def _load_translated_counts(self, keys):
        """{(key, language): Counts}: how many of the current source strings of the objects
        `keys` name have a usable translation in each language, and how many of those are
        machine translations."""
        current_segment = StringSegment.objects.filter(
            source__object_id=OuterRef("context__object_id"),
            string_id=OuterRef("translation_of_id"),
            context_id=OuterRef("context_id"),
        )
        rows = (
            StringTranslation.objects.filter(context__object_id__in=keys, has_error=False)
            .filter(Exists(current_segment))
            .values_list("context__object_id", "locale__language_code")
            .annotate(
                translated=Count("id"),
                machine=Count(
                    "id", filter=Q(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
                ),
            )
        )
        return {(key, language): Counts(t, m) for key, language, t, m in rows}

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
        # A source without segments leaves nothing to translate: the object counts as source.
        if self._is_source(obj) or obj.translation_key not in self.strings:
            return Status(SOURCE, 1.0, language, language)
        source = self.sources[obj.translation_key]
        counts = self.done.get((obj.translation_key, language), Counts(0, 0))
        required = self.strings[obj.translation_key]
        share = round(counts.translated / required, 4) if required else 1.0
        if getattr(obj, "alias_of_id", None) or (required and not counts.translated):
            return Status(UNTRANSLATED, share, source.language, source.language)
        if counts.translated < required or self._source_published_after(obj, source):
            state = OUTDATED
        elif counts.machine:
            state = MACHINE
        else:
            state = TRANSLATED
        return Status(state, share, source.language, language)

    def _source_published_after(self, obj, source):
        for version in self.versions.get(obj.translation_key, []):
            if version.locale == source.language:
                published = version.last_published_at
                return bool(published and published > source.synchronised)
        return False


def source_from_json(facts):
    """A Source from the JSON object the database built: its time is text there, with an offset
    on PostgreSQL and in UTC without one on SQLite."""
    synchronised = datetime.fromisoformat(facts["synchronised"])
    if synchronised.tzinfo is None:
        synchronised = synchronised.replace(tzinfo=UTC)
    return Source(facts["id"], facts["language"], synchronised)
