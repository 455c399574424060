"""wagtail-localize's frozen copy of an English object (`TranslationSource`) and its segments,
created in a handful of queries.

`TranslationSource.update_or_create_from_instance` extracts an object's segments and, in
`refresh_segments`, gets or creates every string, context and segment one at a time: about a
dozen queries per string (savepoints included), 300 to 500 for a city profile, which made source
creation the largest cost of importing translations. `create_source()` writes the same rows for an
object that has no source yet, reading what exists and inserting what is missing in bulk, one
query per table. A source that exists is refreshed by wagtail-localize itself
(`refresh_source()`), so changes to existing content follow the library's own rules.
`segments_for_translation()` reads a source's segments back, translated into one language, for a
first translation (`translations.create_translation`).
"""

import functools
import json
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import Page
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    SegmentOverride,
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from .known_rows import source_or_none


def refresh_source(instance):
    """The TranslationSource of `instance`, brought up to the live object; returns (source,
    refreshed), refreshed being True when it was created or its content changed."""
    before = source_or_none(instance)
    if before is None:
        return create_source(instance), True
    source, created = TranslationSource.update_or_create_from_instance(instance)
    return source, created or source.last_updated_at != before.last_updated_at


def create_source(instance):
    """A new TranslationSource for `instance` (which has none), with every segment: the rows
    `TranslationSource.update_or_create_from_instance` would write."""
    if isinstance(instance, Page):
        instance = instance.specific
    values = extract_segments(instance)
    # The object's own TranslatableObject and those of the objects it refers to, in one go.
    own = (
        ContentType.objects.get_for_model(instance.get_translation_model()).pk,
        instance.translation_key,
    )
    related = segments_by_kind(values)[RelatedObjectSegmentValue]
    objects, created = translatable_objects({own, *map(related_key, related)})
    source = TranslationSource.objects.create(
        object=objects[own],
        locale_id=instance.locale_id,
        specific_content_type=ContentType.objects.get_for_model(instance.__class__),
        object_repr=str(instance)[:200],
        content_json=content_json(instance),
        schema_version=schema_version(instance._meta.app_label),
        last_updated_at=timezone.now(),
    )
    source.written_segments = create_segments(
        source, instance, values, objects, new_object=own in created
    )
    return source


@functools.cache
def schema_version(app_label):
    """wagtail-localize's `get_schema_version` (the app's latest applied migration), read once
    per process: migrations are not applied under a running import."""
    return get_schema_version(app_label)


def content_json(instance):
    if isinstance(instance, ClusterableModel):
        return instance.to_json()
    return json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)


@dataclass
class WrittenSegments:
    """What `create_segments` wrote for a new source: its segments as extracted from the object,
    in order, and the contexts (by path) and strings (by data hash) they use. `create_source`
    keeps them on the source (`source.written_segments`): the translations made from it in the
    same import need not read them back."""

    values: list
    contexts: dict
    strings: dict
    # True when every context was created with the source: no translation or override of them
    # existed before, and what the import writes for them, it knows.
    new_contexts: bool = False
    # {locale id: every StringTranslation of the source's contexts in that locale}, as
    # `store_strings` has just read and written them; taken by the next translation into it.
    translations: dict = field(default_factory=dict)
    stored_locales: set = field(default_factory=set)  # ids: store_strings ran for them

    def nothing_stored_in(self, locale):
        """No string translation of these contexts in `locale` exists."""
        return self.new_contexts and locale.pk not in self.stored_locales


def create_segments(source, instance, values, objects, *, new_object=False):
    """Bulk version of `TranslationSource.refresh_segments()` for a source with no segments, just
    made from `instance` (which `refresh_segments()` would rebuild from the source's JSON), given
    its segments and the TranslatableObjects of the objects they refer to (`new_object`: the
    object's own was just created, so it has no contexts yet); returns what it wrote."""
    contexts, new_contexts = contexts_for(
        source, instance, {value.path for value in values}, new_object=new_object
    )
    strings = rows_by_key(
        String,
        "data_hash",
        {
            String._get_data_hash(value.string.data): {
                "locale_id": source.locale_id,
                "data": value.string.data,
            }
            for value in values
            if isinstance(value, StringSegmentValue)
        },
        locale_id=source.locale_id,
    )
    templates = rows_by_key(
        Template,
        "uuid",
        {template_uuid(value): template_fields(value) for value in values if is_template(value)},
    )
    segments = {
        StringSegment: [],
        TemplateSegment: [],
        RelatedObjectSegment: [],
        OverridableSegment: [],
    }
    for value in values:
        common = {"source": source, "context": contexts[value.path], "order": value.order}
        if isinstance(value, TemplateSegmentValue):
            segments[TemplateSegment].append(
                TemplateSegment(template=templates[template_uuid(value)], **common)
            )
        elif isinstance(value, RelatedObjectSegmentValue):
            segments[RelatedObjectSegment].append(
                RelatedObjectSegment(object=objects[related_key(value)], **common)
            )
        elif isinstance(value, OverridableSegmentValue):
            data_json = json.dumps(value.data, cls=DjangoJSONEncoder)
            segments[OverridableSegment].append(OverridableSegment(data_json=data_json, **common))
        else:
            string = strings[String._get_data_hash(value.string.data)]
            attrs = json.dumps(value.attrs, cls=DjangoJSONEncoder)
            segments[StringSegment].append(StringSegment(string=string, attrs=attrs, **common))
    for model, rows in segments.items():
        model.objects.bulk_create(rows)
    return WrittenSegments(values, contexts, strings, new_contexts=new_contexts)


def contexts_for(source, instance, paths, *, new_object=False):
    """{path: TranslationContext} of the source's object, with `field_path` filled in as
    `TranslationContext.get_field_path()` does, and whether all of them were created here (an
    object just created has none to read)."""
    existing = {}
    if not new_object:
        existing = {
            context.path: context
            for context in TranslationContext.objects.filter(object_id=source.object_id)
            if context.path in paths
        }
    new = []
    for path in sorted(paths - existing.keys()):
        context = TranslationContext(
            object_id=source.object_id, path=path, path_id=TranslationContext._get_path_id(path)
        )
        context.save = lambda *args, **kwargs: None  # get_field_path() saves; bulk_create does
        context.get_field_path(instance)
        del context.save
        new.append(context)
    TranslationContext.objects.bulk_create(new)
    for context in existing.values():
        context.get_field_path(instance)  # saves only when the path was never resolved
    return existing | {context.path: context for context in new}, not existing


def rows_by_key(model, key, wanted, **scope):
    """{key value: row} for the rows of `model` whose `key` is in `wanted` ({key value: fields of
    a new row}), creating the missing ones in one query."""
    found = {
        getattr(row, key): row
        for row in model.objects.filter(**scope, **{f"{key}__in": list(wanted)})
    }
    new = [
        model(**{key: value}, **fields) for value, fields in wanted.items() if value not in found
    ]
    model.objects.bulk_create(new)
    return found | {getattr(row, key): row for row in new}


def related_key(value):
    return (value.content_type.pk, value.translation_key)


def is_template(value):
    return isinstance(value, TemplateSegmentValue)


def template_uuid(value):
    """The name `Template.from_value` gives a template."""
    return uuid.uuid5(uuid.uuid5(Template.BASE_UUID_NAMESPACE, value.format), value.template)


def template_fields(value):
    return {
        "template": value.template,
        "template_format": value.format,
        "string_count": value.string_count,
    }


def translatable_objects(keys):
    """{(content type id, translation key): TranslatableObject}, created when missing, and the
    keys of those created."""
    found = {
        (row.content_type_id, row.translation_key): row
        for row in TranslatableObject.objects.filter(
            translation_key__in=[translation_key for _type, translation_key in keys]
        )
    }
    new = [
        TranslatableObject(content_type_id=type_id, translation_key=translation_key)
        for type_id, translation_key in keys
        if (type_id, translation_key) not in found
    ]
    TranslatableObject.objects.bulk_create(new)
    created = {(row.content_type_id, row.translation_key): row for row in new}
    return found | created, created.keys()


def segments_for_translation(source, locale):
    """What `TranslationSource._get_segments_for_translation(locale, fallback=True)` returns, for
    `ingest_segments`: strings in `locale` where translated (else the source's), templates,
    related objects that have a version in `locale` (the others keep the source's), and
    overrides. That method asks, for every related object, whether it is translated (two
    queries each); here it is one query per related model. A source created in this process
    (`create_source`) is read from what it wrote; only the translations are queried."""
    written = getattr(source, "written_segments", None)
    if written is not None:
        return written_segments_for_translation(written, locale)
    return stored_segments_for_translation(source, locale)


def stored_segments_for_translation(source, locale):
    strings = (
        StringSegment.objects.filter(source=source)
        .annotate_translation(locale)
        .select_related("context", "string")
    )
    segments = [
        StringSegmentValue(
            segment.context.path,
            StringValue(segment.translation or segment.string.data),
            attrs=json.loads(segment.attrs),
        ).with_order(segment.order)
        for segment in strings
    ]
    for segment in TemplateSegment.objects.filter(source=source).select_related(
        "template", "context"
    ):
        template = segment.template
        segments.append(
            TemplateSegmentValue(
                segment.context.path,
                template.template_format,
                template.template,
                template.string_count,
                order=segment.order,
            )
        )
    related = list(
        RelatedObjectSegment.objects.filter(source=source).select_related("object", "context")
    )
    translated = translated_objects(
        {(segment.object.content_type_id, segment.object.translation_key) for segment in related},
        locale,
    )
    segments.extend(
        RelatedObjectRead(
            segment.context.path,
            ContentType.objects.get_for_id(segment.object.content_type_id),  # cached
            segment.object.translation_key,
            translated[segment.object.content_type_id, segment.object.translation_key],
            order=segment.order,
        )
        for segment in related
        if (segment.object.content_type_id, segment.object.translation_key) in translated
    )
    overrides = (
        OverridableSegment.objects.filter(source=source)
        .annotate_override_json(locale)
        .filter(override_json__isnull=False)
        .select_related("context")
    )
    segments.extend(
        OverridableSegmentValue(
            segment.context.path, json.loads(segment.override_json), order=segment.order
        )
        for segment in overrides
    )
    return segments


def written_segments_for_translation(written, locale):
    """The same segments as `stored_segments_for_translation` (which reads them in no particular
    order), from the segments `create_segments` wrote: a query for the translations into
    `locale` (none when `store_strings` has just handed them over), one per related model and
    one for overrides if there are overridable segments."""
    by_type = segments_by_kind(written.values)
    context_id = {path: context.pk for path, context in written.contexts.items()}

    strings = by_type[StringSegmentValue]
    translations = written.translations.pop(locale.pk, None)
    if translations is None and written.nothing_stored_in(locale):
        translations = []
    elif translations is None:
        translations = rows_in_language(
            StringTranslation, [context_id[value.path] for value in strings], locale
        )
    translated_text = {
        (translation.translation_of_id, translation.context_id): translation.data
        for translation in translations
        if not translation.has_error
    }
    segments = []
    for value in strings:
        text = value.string.data
        key = (written.strings[String._get_data_hash(text)].pk, context_id[value.path])
        segments.append(
            StringSegmentValue(
                value.path, StringValue(translated_text.get(key) or text), attrs=value.attrs
            ).with_order(value.order)
        )
    segments.extend(value.clone() for value in by_type[TemplateSegmentValue])

    related = by_type[RelatedObjectSegmentValue]
    translated = translated_objects(set(map(related_key, related)), locale)
    segments.extend(
        RelatedObjectRead.of(value, translated[related_key(value)])
        for value in related
        if related_key(value) in translated
    )

    overridable = by_type[OverridableSegmentValue]
    if overridable and not written.new_contexts:  # the import writes no overrides
        overrides = rows_in_language(
            SegmentOverride, [context_id[value.path] for value in overridable], locale
        )
        override_json = {
            override.context_id: override.data_json
            for override in overrides
            if not override.has_error
        }
        segments.extend(
            OverridableSegmentValue(
                value.path, json.loads(override_json[context_id[value.path]]), order=value.order
            )
            for value in overridable
            if context_id[value.path] in override_json
        )
    return segments


SEGMENT_TYPES = (
    StringSegmentValue,
    TemplateSegmentValue,
    RelatedObjectSegmentValue,
    OverridableSegmentValue,
)


def segments_by_kind(values):
    """{segment value class: [values of that kind, in order]}."""
    by_kind = {kind: [] for kind in SEGMENT_TYPES}
    for value in values:
        by_kind[next(kind for kind in SEGMENT_TYPES if isinstance(value, kind))].append(value)
    return by_kind


def rows_in_language(model, context_ids, locale):
    """The rows of `model` (translations, overrides) of the given contexts in `locale`. Looked up
    by the contexts' ids, with the language compared here: given a language filter, PostgreSQL
    (without statistics on a table that grows during an import) read every row in that language
    for each object, which made an import quadratic."""
    rows = model.objects.filter(context_id__in=list(context_ids))
    return [row for row in rows if row.locale_id == locale.pk]


def translated_objects(keys, locale):
    """{(content type id, translation key): the object's version in `locale`} for the objects
    among `keys` that have one, one query per model."""
    keys_by_type = {}
    for type_id, translation_key in keys:
        keys_by_type.setdefault(type_id, set()).add(translation_key)
    found = {}
    for type_id, wanted in keys_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        rows = model._base_manager.filter(translation_key__in=wanted, locale=locale)
        found |= {(type_id, row.translation_key): row for row in rows}
    return found


class RelatedObjectRead(RelatedObjectSegmentValue):
    """A related object's segment that carries the object's version in the target language,
    read with the others (`translated_objects`): `ingest_segments` asks `get_instance` for it,
    which would read it again, one query per segment."""

    def __init__(self, path, content_type, translation_key, instance, **kwargs):
        super().__init__(path, content_type, translation_key, **kwargs)
        self.instance = instance

    def get_instance(self, locale):
        if getattr(locale, "pk", locale) != self.instance.locale_id:
            return super().get_instance(locale)
        return self.instance

    @classmethod
    def of(cls, value, instance):
        """`value` (a RelatedObjectSegmentValue) carrying `instance`."""
        return cls(
            value.path, value.content_type, value.translation_key, instance, order=value.order
        )

    def clone(self):
        return RelatedObjectRead.of(self, self.instance)
