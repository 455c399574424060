"""The English objects that translations are made of, and how translation files name them.

A PO file says which object it translates in its header (`X-Cluster-Object:
cluster.citypage:anyang`, `object_key`) and lives at `<language>/<model>/<slug>.po`
(`relative_path`). `source_objects` lists every live English object that can be translated,
snippets first in the order they refer to each other, then pages from the top of the tree down,
so a parent is always translated before its children.
"""

from pathlib import Path

from django.apps import apps
from django.db.models import ForeignKey, prefetch_related_objects

from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cluster.languages import SOURCE_LANGUAGE
from cluster.models import KnowledgeProduct, NewsItem, Topic, Video
from home.models import HomePage

OBJECT_HEADER = "X-Cluster-Object"
SNIPPET_MODELS = [Topic, NewsItem, KnowledgeProduct, Video]


def object_key(instance):
    return f"{instance._meta.label_lower}:{instance.slug}"


def relative_path(instance, language):
    return Path(language) / instance._meta.model_name / f"{instance.slug}.po"


def source_locale():
    return Locale.objects.get(language_code=SOURCE_LANGUAGE)


def source_objects():
    """Every live object in the source language that can be translated, parents before children."""
    locale = source_locale()
    objects = []
    for model in SNIPPET_MODELS:
        objects.extend(model.objects.filter(locale=locale, live=True).order_by("slug"))
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        objects.extend(
            Page.objects.descendant_of(home, inclusive=True)
            .filter(live=True)
            .order_by("path")
            .specific()
        )
    prefetch_children(objects)
    return objects


def prefetch_children(objects):
    """Load the inline children (topic links, recordings) of every object, one query per
    relation, and keep them in memory as modelcluster does for an unsaved cluster: extracting
    segments, copying (which sorts them) and serialising each read them again otherwise. The
    objects the segments refer to (a hero image, a link's topic) are loaded with them, one query
    per foreign key. The objects are read, never saved."""
    by_model = {}
    for instance in objects:
        by_model.setdefault(type(instance), []).append(instance)
    for model, instances in by_model.items():
        relations = {
            relation.get_accessor_name(): relation.related_model
            for relation in (
                get_all_child_relations(model) if issubclass(model, ClusterableModel) else []
            )
        }
        prefetch_related_objects(
            instances,
            *segment_foreign_keys(model),
            *relations,
            *[
                f"{name}__{key}"
                for name, child in relations.items()
                for key in segment_foreign_keys(child)
            ],
        )
        for instance in instances:
            for name in relations:
                setattr(instance, name, list(getattr(instance, name).all()))


def segment_foreign_keys(model):
    """The foreign keys that wagtail-localize follows to extract `model`'s segments (a related
    object's translation key, an overridable object's id)."""
    if not issubclass(model, TranslatableMixin):
        return []
    return [
        field.name
        for field in (
            translatable.get_field(model) for translatable in get_translatable_fields(model)
        )
        if isinstance(field, ForeignKey)
    ]


def find_source_object(key):
    """The live source-language object a file header names, or None."""
    label, _, slug = key.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, TranslatableMixin) or not slug:
        return None
    queryset = model.objects.filter(locale__language_code=SOURCE_LANGUAGE, slug=slug)
    queryset = queryset.live() if issubclass(model, Page) else queryset.filter(live=True)
    return queryset.first()


def source_strings(instance):
    """The translatable strings of the live object, as (context, English text) in field order."""
    return [
        (segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    ]
